/**
 * The serialized provider (`__provider`): serialized exactly as `pulumi.dynamic.Resource` does it,
 * then loaded in a fresh node process from a Pulumi program folder, as the provider host loads it,
 * and called.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { GraphEmulator } from "../../../emulator/graphEmulator";
import { serializedProvider } from "../../../provider/program/serializedProvider";
import { APP_IDS, REPO_ROOT, TEST_TOKEN } from "../../support/fixtures";

// The serializer pulumi.dynamic.Resource uses, with the same options.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure") as {
    serializeFunction(f: () => unknown, options: { allowSecrets: boolean }): Promise<{ text: string; containsSecrets: boolean }>;
};

const SECRETS = { INTUNE_ACCESS_TOKEN: "secret-token-should-not-leak", AZURE_CLIENT_SECRET: "client-secret-should-not-leak" };

/** Loads `text` as the provider host does (require-from-string, cwd = the program) and runs `calls`. */
function loadAndCall(text: string, cwd: string, calls: string, env: NodeJS.ProcessEnv): Promise<unknown> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intune-serialized-"));
    const file = path.join(dir, "provider.js");
    fs.writeFileSync(file, text);
    const script = `
        const requireFromString = require(require.resolve("require-from-string", { paths: [require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd()] })] }));
        const provider = requireFromString(require("fs").readFileSync(${JSON.stringify(file)}, "utf8")).handler();
        (async () => { ${calls} })().then((r) => { process.stdout.write(JSON.stringify(r)); }, (e) => { process.stdout.write(JSON.stringify({ error: e.message })); });
    `;
    return new Promise((resolve, reject) => {
        execFile(process.execPath, ["-e", script], { cwd, env: { PATH: process.env.PATH, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
            fs.rmSync(dir, { recursive: true, force: true });
            if (error) {
                reject(new Error(`${error.message}\n${stderr}`));
            } else {
                resolve(JSON.parse(stdout));
            }
        });
    });
}

describe("provider/program/serializedProvider", () => {
    let text: string;
    const emulator = new GraphEmulator({ tokens: [TEST_TOKEN] });
    let url: string;

    before(async () => {
        Object.assign(process.env, SECRETS);
        try {
            const serialized = await serializeFunction(() => serializedProvider, { allowSecrets: true });
            assert.equal(serialized.containsSecrets, false);
            text = serialized.text;
        } finally {
            Object.keys(SECRETS).forEach((k) => delete process.env[k]);
        }
        url = await emulator.start();
        emulator.addApp(APP_IDS[0], { installedDeviceCount: 2 });
    });
    after(() => emulator.stop());

    it("is at most 2,500 bytes", () => {
        assert.ok(Buffer.byteLength(text) <= 2_500, `__provider is ${Buffer.byteLength(text)} bytes`);
    });

    it("holds no secret, setting or local code: only requires of the installed package", () => {
        for (const secret of Object.values(SECRETS)) {
            assert.ok(!text.includes(secret));
        }
        assert.ok(!text.includes("graph.microsoft.com"), "no settings captured");
        const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
        assert.deepEqual([...new Set(required)], ["pulumi-intune-install-summary/dynamic-provider"]);
        assert.deepEqual(text.match(/^function __\w+/gm)?.length, 8, "the object and its seven methods, nothing else");
    });

    for (const folder of ["examples/stack-config", "examples/basic"]) {
        it(`loads in a fresh node process from the program folder ${folder} and runs check, diff and create`, async () => {
            const result = (await loadAndCall(
                text,
                path.join(REPO_ROOT, folder),
                `
                await provider.configure({ config: { get: () => undefined } });
                const checked = await provider.check({}, { mobileAppId: "${APP_IDS[0].toUpperCase()}", installedDeviceCount: 5 });
                const failed = await provider.check({}, { mobileAppId: "x", installedDeviceCnt: 5 });
                const created = await provider.create(checked.inputs);
                const diff = await provider.diff(created.id, created.outs, checked.inputs);
                return { checked, failed, created, diff };
                `,
                { INTUNE_GRAPH_ENDPOINT: url, INTUNE_ACCESS_TOKEN: TEST_TOKEN },
            )) as {
                checked: { inputs: Record<string, unknown> };
                failed: { failures: Array<{ property: string }> };
                created: { id: string; outs: Record<string, unknown> };
                diff: { changes: boolean };
            };
            assert.deepEqual(result.checked.inputs, { mobileAppId: APP_IDS[0], installedDeviceCount: 5 });
            assert.deepEqual(
                result.failed.failures.map((f) => f.property),
                ["mobileAppId", "installedDeviceCnt"],
            );
            assert.equal(result.created.id, APP_IDS[0]);
            assert.equal(result.created.outs.installedDeviceCount, 5);
            assert.equal(result.diff.changes, false);
            assert.equal(emulator.counters(APP_IDS[0]).installedDeviceCount, 5);
        });
    }
});
