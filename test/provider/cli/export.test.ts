/**
 * `intune-install-summary export` in-process (its `main`) against the emulator over HTTP: what it
 * writes (sorted, deterministic, an existing stack config kept), skipped apps, progress and the
 * summary line, refusals before any request naming the flag, and a failure that writes nothing.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Writable } from "node:stream";
import { parse } from "yaml";
import { GraphEmulator } from "../../../emulator/graphEmulator";
import { main } from "../../../provider/cli/main";
import { TEST_TOKEN } from "../../support/fixtures";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** A stderr that keeps what was written; `isTTY` as asked. */
function output(isTTY = false): Writable & { isTTY: boolean; text(): string } {
    const chunks: string[] = [];
    const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
            chunks.push(chunk.toString());
            done();
        },
    }) as Writable & { isTTY: boolean; text(): string };
    stream.isTTY = isTTY;
    stream.text = () => chunks.join("");
    return stream;
}

describe("provider/cli export", () => {
    const emulator = new GraphEmulator({ tokens: [TEST_TOKEN], behaviour: { appsPageSize: 2 } });
    let folder: string;
    const env: NodeJS.ProcessEnv = {};

    async function run(args: string[], stderr = output()): Promise<{ code: number; stderr: string; stdout: string }> {
        const stdout = output();
        const code = await main(args, { stdout, stderr, env });
        return { code, stderr: stderr.text(), stdout: stdout.text() };
    }
    const file = (name: string) => path.join(folder, name);
    const read = (name: string) => fs.readFileSync(file(name), "utf8");

    before(async () => {
        env.INTUNE_GRAPH_ENDPOINT = await emulator.start();
        env.INTUNE_ACCESS_TOKEN = TEST_TOKEN;
        emulator.seedApp({ id: id(1), displayName: "Microsoft Teams", publisher: "Microsoft", counters: { installedDeviceCount: 4, failedDeviceCount: 1 } });
        emulator.seedApp({ id: id(2), displayName: "Company Portal", type: "iosStoreApp", counters: { installedUserCount: 9 } });
        emulator.seedApp({ id: id(3), displayName: "Company Portal", type: "androidStoreApp" });
        emulator.seedApp({ id: id(4), displayName: "Retired App", summaryRetired: true });
        emulator.seedApp({ id: id(5), displayName: "7-Zip\nbeta", publisher: "Igor Pavlov" });
    });
    beforeEach(() => {
        folder = fs.mkdtempSync(path.join(os.tmpdir(), "intune-export-"));
        emulator.clearRequests();
        emulator.clearFaults();
    });
    afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));
    after(() => emulator.stop());

    it("writes the apps list of the stack config and a program, sorted by name, the retired app skipped and named", async () => {
        const { code, stderr } = await run(["export", "--stack-config", file("Pulumi.dev.yaml"), "--program", file("index.ts")]);
        assert.equal(code, 0, stderr);
        const config = parse(read("Pulumi.dev.yaml")) as { config: Record<string, Array<Record<string, unknown>>> };
        const apps = config.config["intune-install-summaries:apps"];
        assert.deepEqual(
            apps.map((a) => [a.name, a.mobileAppId]),
            [
                ["7-zip-beta", id(5)],
                // Same name, and the same first 8 characters of the id: the whole id makes them unique.
                [`company-portal-${id(2)}`, id(2)],
                [`company-portal-${id(3)}`, id(3)],
                ["microsoft-teams", id(1)],
            ],
        );
        assert.deepEqual(apps[3], {
            name: "microsoft-teams",
            mobileAppId: id(1),
            installedDeviceCount: 4,
            failedDeviceCount: 1,
            notApplicableDeviceCount: 0,
            notInstalledDeviceCount: 0,
            pendingInstallDeviceCount: 0,
            installedUserCount: 0,
            failedUserCount: 0,
            notApplicableUserCount: 0,
            notInstalledUserCount: 0,
            pendingInstallUserCount: 0,
        });
        assert.match(read("Pulumi.dev.yaml"), /# Microsoft Teams\n\s+- name: microsoft-teams/);
        const program = read("index.ts");
        assert.match(program, /^\/\/ Written by `intune-install-summary export` from http:\/\/127\.0\.0\.1:\d+ \(beta\): 4 apps\./);
        assert.match(program, /import \{ MobileAppInstallSummary \} from "pulumi-intune-install-summary";/);
        assert.match(
            program,
            /\n\/\/ 7-Zip beta \(#microsoft\.graph\.win32LobApp, Igor Pavlov\)\nnew MobileAppInstallSummary\("7-zip-beta", \{\n {4}mobileAppId: "00000000-0000-4000-8000-000000000005",\n {4}installedDeviceCount: 0,/,
        );
        assert.match(program, /\/\/ Company Portal \(#microsoft\.graph\.iosStoreApp\)\n/);
        assert.equal(program.match(/new MobileAppInstallSummary\(/g)?.length, 4);
        assert.ok(!program.includes("Retired App"));
        assert.match(
            stderr,
            /^export: 4 apps written to .*Pulumi\.dev\.yaml \(intune-install-summaries:apps\) and .*index\.ts; skipped 1: "Retired App" \(id 00000000-0000-4000-8000-000000000004, #microsoft\.graph\.win32LobApp\) \(Graph does not serve its installSummary\); \d+ Graph requests in \d+\.\d s\.\n$/,
        );
        // Listing: 3 pages of 2; a GET per app; the retired one's GET of the app.
        assert.equal(emulator.graphRequests().length, 3 + 5 + 1);
        // each HTTP request (a JSON batch's sub-requests have no headers of their own)
        assert.ok(
            emulator.wireRequests().every((r) => /^pulumi-intune-install-summary\/\S+ export /.test(r.userAgent ?? "")),
            "export names itself in the User-Agent",
        );
    });

    it("writes the same files again for an unchanged tenant, and keeps the rest of an existing stack config", async () => {
        fs.writeFileSync(file("Pulumi.yaml"), "name: my-apps\nruntime: nodejs\n");
        fs.writeFileSync(file("Pulumi.dev.yaml"), "# my stack\nconfig:\n  intune:graphEndpoint: http://127.0.0.1:1 # the emulator\n  my-apps:apps: []\n");
        assert.equal((await run(["export", "--stack-config", file("Pulumi.dev.yaml"), "--program", file("index.ts")])).code, 0);
        const first = [read("Pulumi.dev.yaml"), read("index.ts")];
        assert.match(first[0], /^# my stack\nconfig:\n {2}intune:graphEndpoint: http:\/\/127\.0\.0\.1:1 # the emulator\n {2}my-apps:apps:\n/);
        assert.equal((await run(["export", "--stack-config", file("Pulumi.dev.yaml"), "--program", file("index.ts")])).code, 0);
        assert.deepEqual([read("Pulumi.dev.yaml"), read("index.ts")], first);
        assert.deepEqual(fs.readdirSync(folder).sort(), ["Pulumi.dev.yaml", "Pulumi.yaml", "index.ts"], "no temporary file left");
    });

    it("selects apps by --type, --name-contains and --filter, and names --project", async () => {
        const { code } = await run([
            "export",
            "--stack-config",
            file("s.yaml"),
            "--project",
            "p",
            "--type",
            "win32LobApp",
            "--name-contains",
            "ZIP",
            "--filter",
            "publisher eq 'Igor Pavlov'",
        ]);
        assert.equal(code, 0);
        assert.deepEqual(
            (parse(read("s.yaml")) as { config: Record<string, Array<{ name: string }>> }).config["p:apps"].map((a) => a.name),
            ["7-zip-beta"],
        );
    });

    it("warns when the apps list is too large for Pulumi to hand to a program, and only then", async () => {
        const big = new GraphEmulator({ tokens: [TEST_TOKEN] });
        const bigEnv = { INTUNE_GRAPH_ENDPOINT: await big.start(), INTUNE_ACCESS_TOKEN: TEST_TOKEN };
        try {
            for (let n = 0; n < 400; n++) {
                big.addApp(id(1000 + n), {}, `Line of business application number ${n}`);
            }
            const stderr = output();
            assert.equal(await main(["export", "--stack-config", file("Pulumi.dev.yaml")], { stdout: output(), stderr, env: bigEnv }), 0);
            assert.match(
                stderr.text(),
                /\nexport: warning: the apps list takes 1\d\d KiB of stack config\. .*Linux limits to 128 KiB.*--program writes instead\.\n$/,
            );
        } finally {
            await big.stop();
        }
        assert.doesNotMatch((await run(["export", "--stack-config", file("small.yaml")])).stderr, /warning/);
    });

    it("draws a progress bar on a TTY, then the summary line", async () => {
        const stderr = output(true);
        const { code } = await run(["export", "--program", file("index.ts")], stderr);
        assert.equal(code, 0);
        assert.match(stderr.text(), /export \[-+\] 0\/5 apps.*export \[=+\] 5\/5 apps/);
        assert.match(stderr.text(), /\nexport: 4 apps written to/);
    });

    const refused: Array<[string, string[], RegExp]> = [
        ["nothing to write", ["export"], /nothing to write: give --stack-config/],
        ["an unknown flag, with a did-you-mean", ["export", "--progam", "x.ts"], /unknown flag --progam \(did you mean --program\?\)/],
        ["a type that is none", ["export", "--program", "x.ts", "--type", "win 32"], /^intune-install-summary: --type: "win 32" is not a Graph app type/],
        ["a bad Graph endpoint, named by its flag", ["export", "--program", "x.ts", "--graph-endpoint", "ftp://x"], /--graph-endpoint/],
        ["a folder that does not exist", ["export", "--program", "/nonexistent-folder/index.ts"], /--program: the folder \/nonexistent-folder does not exist/],
        ["a flag given twice", ["export", "--program", "a.ts", "--program", "b.ts"], /--program is given more than once/],
        ["an unknown command", ["import"], /unknown command "import"; the command is export/],
    ];
    for (const [name, args, message] of refused) {
        it(`refuses ${name} with exit code 2, before any request`, async () => {
            const { code, stderr } = await run(args.map((a) => (a.endsWith(".ts") && !a.startsWith("/") ? file(a) : a)));
            assert.equal(code, 2, stderr);
            assert.match(stderr, message);
            assert.equal(emulator.graphRequests().length, 0);
        });
    }

    it("a stack config that is not YAML is refused before any request, and left as it was", async () => {
        fs.writeFileSync(file("Pulumi.dev.yaml"), "config: [\n");
        const { code, stderr } = await run(["export", "--stack-config", file("Pulumi.dev.yaml")]);
        assert.equal(code, 1);
        assert.match(stderr, /export failed, nothing was written: .*Pulumi\.dev\.yaml is not valid YAML/);
        assert.equal(read("Pulumi.dev.yaml"), "config: [\n");
        assert.equal(emulator.graphRequests().length, 0);
    });

    it("a Graph failure writes nothing, exits 1, and never shows the token", async () => {
        fs.writeFileSync(file("index.ts"), "// before\n");
        emulator.script({ method: "GET", status: 403, code: "Forbidden", echoAuthorization: true, times: 20 });
        const { code, stderr } = await run(["export", "--program", file("index.ts"), "--access-token", TEST_TOKEN]);
        assert.equal(code, 1);
        assert.match(stderr, /export failed, nothing was written: Graph GET \/deviceAppManagement\/mobileApps.* failed: 403 Forbidden/);
        assert.ok(!stderr.includes(TEST_TOKEN), stderr);
        assert.equal(read("index.ts"), "// before\n");
    });

    it("--help lists the export flags and every configuration key as a flag", async () => {
        const { code, stdout } = await run(["export", "--help"]);
        assert.equal(code, 0);
        for (const flag of [
            "--stack-config",
            "--program",
            "--project",
            "--filter",
            "--name-contains",
            "--type",
            "--graph-endpoint",
            "--access-token",
            "--client-secret",
            "--max-sockets",
        ]) {
            assert.ok(stdout.includes(flag), flag);
        }
        assert.match(stdout, /--access-token <value> +intune:accessToken \(secret: prefer its environment variable\)/);
    });
});
