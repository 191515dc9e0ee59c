/**
 * `npm start`: the product doing its job, with no Intune tenant needed.
 *
 * Starts the local Graph emulator seeded with the apps of the `demo` stack of the stack-config
 * example (examples/stack-config/Pulumi.demo.yaml), then runs that program's whole life cycle against it and prints what a Pulumi user sees:
 * preview, update, a second preview with no changes, a change made behind Pulumi's back, a refresh
 * that shows it, an update that puts it back, and destroy.
 *
 * It runs the real `pulumi` CLI: one on PATH (if new enough), the one built earlier, or one built
 * now from Go modules (`scripts/pulumiCli.ts`). The program runs from a temp folder that holds the
 * example's files and links this repository's `node_modules`, with its own stack settings file,
 * backend and PULUMI_HOME, so the working tree is left as it was. The CLI runs as a child process
 * while the emulator keeps answering in this one. Only on a machine with neither a CLI nor Go
 * (or with INTUNE_DEMO_ENGINE=local) it drives Pulumi's dynamic-provider host with `engine/`.
 *
 * Exits 1 if any step does not behave as expected.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { GraphEmulator } from "../emulator/graphEmulator";
import { Step } from "../engine/localEngine";
import { LocalStack } from "../engine/localStack";
import { COUNTER_NAMES, CounterValues } from "../provider/model/fields";
import { PulumiCli, getPulumiCli, isPulumiCli } from "./pulumiCli";

const ROOT = path.resolve(__dirname, "..");
/** The program the demo deploys: the stack-config example. */
const PROGRAM = path.join(ROOT, "examples", "stack-config");
const STACK = "demo";
const TOKEN = "demo-token";
const APPS_KEY = "intune-install-summaries:apps";

interface DemoApp extends CounterValues {
    name: string;
    mobileAppId: string;
    restoreOnDestroy?: boolean;
}

const problems: string[] = [];
function expect(ok: boolean, what: string): void {
    if (!ok) {
        problems.push(what);
        console.log(`  !! unexpected: ${what}`);
    }
}

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
function heading(text: string): void {
    console.log(`\n${bold(`== ${text}`)}`);
}

/** The demo stack's config, as the CLI would read Pulumi.demo.yaml. */
function readStackConfig(): Record<string, unknown> {
    const doc = yaml.load(fs.readFileSync(path.join(PROGRAM, `Pulumi.${STACK}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return doc.config;
}

/** Seeds the emulator with each app at "current" values that differ from the declared ones. */
function seed(emulator: GraphEmulator, apps: DemoApp[]): void {
    apps.forEach((app, i) => {
        const current: CounterValues = {};
        COUNTER_NAMES.forEach((name, j) => (current[name] = (i * 7 + j * 3) % 11));
        emulator.addApp(app.mobileAppId, current, app.name);
    });
}

const SYMBOL: Record<Step["op"], string> = { create: "+", update: "~", replace: "+-", same: " ", delete: "-", refresh: "~", remove: "-" };

function printSteps(steps: Step[]): void {
    for (const step of [...steps].sort((a, b) => a.name.localeCompare(b.name))) {
        const changes = step.changes.map((c) =>
            "old" in c ? `${c.key}: ${JSON.stringify(c.old)} => ${JSON.stringify(c.new)}` : `${c.key}: ${JSON.stringify(c.new)}`,
        );
        console.log(
            `  ${SYMBOL[step.op].padEnd(2)} intune:MobileAppInstallSummary  ${step.name.padEnd(16)} ${step.op}${changes.length ? `  ${changes.join(", ")}` : ""}`,
        );
        if (step.error) {
            console.log(`     error: ${step.error.split("\n").join("\n            ")}`);
        }
    }
    const counts = new Map<string, number>();
    steps.forEach((s) => counts.set(s.op, (counts.get(s.op) ?? 0) + 1));
    console.log(`  Resources: ${[...counts].map(([op, n]) => `${n} ${op}`).join(", ")}`);
}

function requestsLine(emulator: GraphEmulator): string {
    const requests = emulator.graphRequests();
    const byMethod = new Map<string, number>();
    requests.forEach((r) => byMethod.set(r.method, (byMethod.get(r.method) ?? 0) + 1));
    emulator.clearRequests();
    return `  Graph requests: ${
        requests.length === 0
            ? "none"
            : [...byMethod]
                  .sort(([a], [b]) => a.localeCompare(b))
                  .map(([m, n]) => `${n} ${m}`)
                  .join(", ")
    }`;
}

async function withLocalEngine(emulator: GraphEmulator, url: string, apps: DemoApp[], why: string): Promise<void> {
    console.log(`No Pulumi CLI (${why}): driving Pulumi's dynamic-provider host over gRPC with this repository's engine stand-in.`);
    let printed = 0;
    const stack = await LocalStack.start({
        programDir: PROGRAM,
        stack: STACK,
        config: { [APPS_KEY]: JSON.stringify(apps), "intune:graphEndpoint": url, "intune:logLevel": "info" },
        secretConfig: { "intune:accessToken": TOKEN },
    });
    // The host writes its log lines before it answers, but they reach us through a pipe that may
    // lag the gRPC answer: wait until its stderr has been quiet for 100 ms (at most 2 s).
    const hostOutput = async () => {
        for (let waited = 0, seen = -1; seen !== stack.host.stderr.length && waited < 2_000; waited += 100) {
            seen = stack.host.stderr.length;
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const lines = stack.host.stderr.slice(printed).split("\n").filter(Boolean);
        printed = stack.host.stderr.length;
        lines.forEach((line) => console.log(`  ${line}`));
    };
    const [first] = apps;
    try {
        heading(`pulumi preview (stack ${STACK})`);
        const preview = await stack.preview();
        printSteps(preview);
        console.log(requestsLine(emulator));
        expect(preview.length === apps.length && preview.every((s) => s.op === "create" && !s.error), `preview shows ${apps.length} creates`);

        heading("pulumi up");
        const up = await stack.up();
        printSteps(up);
        await hostOutput();
        console.log(requestsLine(emulator));
        expect(
            up.every((s) => s.op === "create" && !s.error),
            "every resource is created",
        );
        for (const app of apps) {
            const live = emulator.counters(app.mobileAppId);
            const declared = COUNTER_NAMES.filter((n) => app[n] !== undefined);
            expect(
                declared.every((n) => live[n] === app[n]),
                `the emulator holds the declared counters of ${app.name}`,
            );
        }

        heading("pulumi preview (nothing changed)");
        const again = await stack.preview();
        printSteps(again);
        const quiet = emulator.graphRequests().length === 0;
        console.log(requestsLine(emulator));
        expect(again.every((s) => s.op === "same") && quiet, "a second preview shows no changes and sends no request");

        const drifted = (first.installedDeviceCount ?? 0) + 3;
        heading(`meanwhile, in Intune: installedDeviceCount of ${first.name} becomes ${drifted} (behind Pulumi's back)`);
        emulator.setCounters(first.mobileAppId, { installedDeviceCount: drifted });

        heading("pulumi refresh");
        const refresh = await stack.refresh();
        printSteps(refresh);
        await hostOutput();
        console.log(requestsLine(emulator));
        const seen = refresh.find((s) => s.name === first.name);
        expect(
            JSON.stringify(seen?.changes) === JSON.stringify([{ key: "installedDeviceCount", old: first.installedDeviceCount, new: drifted }]),
            "refresh shows the drift",
        );

        heading("pulumi up (puts it back)");
        const fix = await stack.up();
        printSteps(fix);
        await hostOutput();
        console.log(requestsLine(emulator));
        expect(fix.find((s) => s.name === first.name)?.op === "update" && fix.every((s) => !s.error), `up updates ${first.name}`);
        expect(emulator.counters(first.mobileAppId).installedDeviceCount === first.installedDeviceCount, "the declared value is back in the emulator");

        heading("pulumi destroy");
        const destroy = await stack.destroy();
        printSteps(destroy);
        await hostOutput();
        console.log(requestsLine(emulator));
        expect(destroy.every((s) => s.op === "delete" && !s.error) && stack.engine.state.size === 0, "destroy empties the stack");
    } finally {
        await stack.stop();
    }
}

/**
 * A temp folder holding the example's program files and a link to this repository's node_modules
 * (instead of the example's package.json, which installs a packed tarball): the CLI writes the
 * stack's settings file (with its encryption salt) there, not into the tree.
 */
function demoProgram(home: string): string {
    const dir = path.join(home, "program");
    fs.mkdirSync(dir);
    for (const file of ["Pulumi.yaml", "index.ts", "tsconfig.json", `Pulumi.${STACK}.yaml`]) {
        fs.copyFileSync(path.join(PROGRAM, file), path.join(dir, file));
    }
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "intune-install-summaries-demo", private: true, main: "index.ts" }));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

/** Runs the real CLI: a local file backend in a temp folder, a passphrase, the stack config in a temp copy. */
async function withPulumiCli(emulator: GraphEmulator, url: string, apps: DemoApp[], cli: PulumiCli): Promise<void> {
    console.log(`Running the real Pulumi CLI ${cli.version} (${cli.pulumi}).`);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "intune-demo-"));
    const program = demoProgram(home);
    // The emulator is on 127.0.0.1, which the provider (like @azure/identity) would send through a
    // configured proxy: keep the demo's traffic local.
    const noProxy = [process.env.NO_PROXY ?? process.env.no_proxy, "127.0.0.1"].filter(Boolean).join(",");
    const env = {
        ...process.env,
        PATH: [...cli.pathDirs, process.env.PATH].join(path.delimiter),
        NO_PROXY: noProxy,
        PULUMI_BACKEND_URL: `file://${path.join(home, "backend")}`,
        PULUMI_CONFIG_PASSPHRASE: "demo-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_HOME: path.join(home, ".pulumi"),
    };
    fs.mkdirSync(path.join(home, "backend"));
    /** Runs one command, its output shown as it comes; resolves with its exit code. */
    const pulumi = (args: string[]): Promise<number> => {
        console.log(`\n${bold(`$ pulumi ${args.join(" ")}`)}`);
        return new Promise((resolve, reject) => {
            const child = spawn(cli.pulumi, [...args, "--non-interactive"], { cwd: program, env, stdio: ["ignore", "inherit", "inherit"] });
            child.on("error", reject);
            child.on("close", (code) => resolve(code ?? 1));
        });
    };
    const step = async (args: string[], what = `pulumi ${args[0]} succeeds`): Promise<void> => {
        expect((await pulumi(args)) === 0, what);
    };
    const [first] = apps;
    try {
        await step(["stack", "init", STACK]);
        await step(["config", "set", "intune:graphEndpoint", url]);
        await step(["config", "set", "--secret", "intune:accessToken", TOKEN]);
        await step(["preview", "--diff"]);
        console.log(requestsLine(emulator));
        await step(["up", "--yes", "--skip-preview"]);
        console.log(requestsLine(emulator));
        for (const app of apps) {
            const live = emulator.counters(app.mobileAppId);
            expect(
                COUNTER_NAMES.filter((n) => app[n] !== undefined).every((n) => live[n] === app[n]),
                `the emulator holds the declared counters of ${app.name}`,
            );
        }
        await step(["preview", "--expect-no-changes"], "a second preview shows no changes");
        expect(emulator.graphRequests().length === 0, "a second preview sends no request");
        const drifted = (first.installedDeviceCount ?? 0) + 3;
        heading(`meanwhile, in Intune: installedDeviceCount of ${first.name} becomes ${drifted} (behind Pulumi's back)`);
        emulator.setCounters(first.mobileAppId, { installedDeviceCount: drifted });
        await step(["refresh", "--yes", "--skip-preview"]);
        console.log(requestsLine(emulator));
        await step(["preview", "--diff"]);
        expect((await pulumi(["preview", "--expect-no-changes"])) !== 0, "after the refresh, preview shows the drift as a change");
        await step(["up", "--yes", "--skip-preview"]);
        const fix = emulator.graphRequests("PATCH");
        console.log(requestsLine(emulator));
        expect(fix.length === 1, "up puts the drifted value back with one PATCH");
        expect(emulator.counters(first.mobileAppId).installedDeviceCount === first.installedDeviceCount, "the declared value is back in the emulator");
        await step(["destroy", "--yes", "--skip-preview"]);
        console.log(requestsLine(emulator));
    } finally {
        fs.rmSync(home, { recursive: true, force: true });
    }
}

async function main(): Promise<void> {
    const config = readStackConfig();
    const apps = config[APPS_KEY] as DemoApp[];
    const emulator = new GraphEmulator({ tokens: [TOKEN] });
    const url = await emulator.start();
    seed(emulator, apps);
    console.log(`Local Graph emulator at ${url} with ${apps.length} apps (${apps.map((a) => a.name).join(", ")}).`);
    try {
        const cli: PulumiCli | { missing: string } =
            process.env.INTUNE_DEMO_ENGINE === "local"
                ? { missing: "INTUNE_DEMO_ENGINE=local" }
                : await getPulumiCli({ log: (line) => console.log(`pulumi-cli: ${line}`) });
        if (isPulumiCli(cli)) {
            await withPulumiCli(emulator, url, apps, cli);
        } else {
            await withLocalEngine(emulator, url, apps, cli.missing);
        }
    } finally {
        await emulator.stop();
    }
    if (problems.length) {
        console.log(`\nThe demo did not behave as expected:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        process.exitCode = 1;
    } else {
        console.log("\nEvery step behaved as expected.");
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
});
