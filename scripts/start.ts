/**
 * `npm start`: the product doing its job, with no Intune tenant and no Pulumi CLI needed.
 *
 * Starts the local Graph emulator seeded with the apps of the `demo` stack (Pulumi.demo.yaml),
 * then runs the root program's whole life cycle against it and prints what a Pulumi user sees:
 * preview, update, a second preview with no changes, a change made behind Pulumi's back, a refresh
 * that shows it, an update that puts it back, and destroy. When a `pulumi` CLI is on PATH it runs
 * the real `pulumi preview/up/refresh/destroy` (local file backend in a temp folder, empty
 * passphrase); otherwise it drives Pulumi's own dynamic-provider host as the engine does.
 *
 * Exits 1 if any step does not behave as expected.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { GraphEmulator } from "../emulator/graphEmulator";
import { Step } from "../engine/localEngine";
import { LocalStack } from "../engine/localStack";
import { COUNTER_NAMES, CounterValues } from "../provider/fields";

const ROOT = path.resolve(__dirname, "..");
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
    const doc = yaml.load(fs.readFileSync(path.join(ROOT, `Pulumi.${STACK}.yaml`), "utf8")) as { config: Record<string, unknown> };
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
    return `  Graph requests: ${requests.length === 0 ? "none" : [...byMethod].map(([m, n]) => `${n} ${m}`).join(", ")}`;
}

async function withLocalEngine(emulator: GraphEmulator, url: string, apps: DemoApp[]): Promise<void> {
    console.log("No `pulumi` CLI on PATH: driving Pulumi's dynamic-provider host over gRPC, as the engine does.");
    let printed = 0;
    const stack = await LocalStack.start({
        programDir: ROOT,
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

/** The real CLI: a local file backend in a temp folder, an empty passphrase, a copy of the stack config. */
function withPulumiCli(emulator: GraphEmulator, url: string, apps: DemoApp[]): void {
    console.log("Found the `pulumi` CLI: running the real preview, up, refresh and destroy.");
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "intune-demo-"));
    const configFile = path.join(home, `Pulumi.${STACK}.yaml`);
    fs.copyFileSync(path.join(ROOT, `Pulumi.${STACK}.yaml`), configFile);
    // The emulator is on 127.0.0.1, which the provider (like @azure/identity) would send through a
    // configured proxy: keep the demo's traffic local.
    const noProxy = [process.env.NO_PROXY ?? process.env.no_proxy, "127.0.0.1"].filter(Boolean).join(",");
    const env = {
        ...process.env,
        NO_PROXY: noProxy,
        PULUMI_BACKEND_URL: `file://${home}`,
        PULUMI_CONFIG_PASSPHRASE: "",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_HOME: path.join(home, ".pulumi"),
    };
    const pulumi = (args: string[], allowFailure = false): number => {
        console.log(`\n$ pulumi ${args.join(" ")}`);
        const result = spawnSync("pulumi", [...args, "--stack", STACK, "--config-file", configFile, "--non-interactive"], { cwd: ROOT, env, stdio: "inherit" });
        if (result.status !== 0 && !allowFailure) {
            expect(false, `pulumi ${args[0]} exited with ${result.status}`);
        }
        return result.status ?? 1;
    };
    const [first] = apps;
    try {
        execFileSync("pulumi", ["stack", "init", STACK, "--non-interactive"], { cwd: ROOT, env, stdio: "inherit" });
        pulumi(["config", "set", "intune:graphEndpoint", url]);
        pulumi(["config", "set", "--secret", "intune:accessToken", TOKEN]);
        pulumi(["preview", "--diff"]);
        pulumi(["up", "--yes", "--skip-preview"]);
        emulator.clearRequests();
        pulumi(["preview", "--expect-no-changes"]);
        expect(emulator.graphRequests().length === 0, "a second preview sends no request");
        const drifted = (first.installedDeviceCount ?? 0) + 3;
        heading(`meanwhile, in Intune: installedDeviceCount of ${first.name} becomes ${drifted} (behind Pulumi's back)`);
        emulator.setCounters(first.mobileAppId, { installedDeviceCount: drifted });
        pulumi(["refresh", "--yes", "--skip-preview"]);
        expect(pulumi(["preview", "--expect-no-changes"], true) !== 0, "after the refresh, preview shows the drift as a change");
        pulumi(["up", "--yes", "--skip-preview"]);
        expect(emulator.counters(first.mobileAppId).installedDeviceCount === first.installedDeviceCount, "the declared value is back in the emulator");
        pulumi(["destroy", "--yes", "--skip-preview"]);
        pulumi(["stack", "rm", "--yes"]);
    } finally {
        fs.rmSync(home, { recursive: true, force: true });
    }
}

function hasPulumiCli(): boolean {
    if (process.env.INTUNE_DEMO_ENGINE === "local") {
        return false;
    }
    return spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;
}

async function main(): Promise<void> {
    const config = readStackConfig();
    const apps = config[APPS_KEY] as DemoApp[];
    const emulator = new GraphEmulator({ tokens: [TOKEN] });
    const url = await emulator.start();
    seed(emulator, apps);
    console.log(`Local Graph emulator at ${url} with ${apps.length} apps (${apps.map((a) => a.name).join(", ")}).`);
    try {
        if (hasPulumiCli()) {
            withPulumiCli(emulator, url, apps);
        } else {
            await withLocalEngine(emulator, url, apps);
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
