/**
 * The example programs: each type-checks as its own project, and basic and fleet run through the
 * engine protocol (Pulumi's dynamic-provider host with cwd = the example's folder) against the emulator.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { EmulatorStack, startEmulatorStack } from "../support/emulatorStack";
import { APP_IDS, REPO_ROOT } from "../support/fixtures";

const EXAMPLES = path.join(REPO_ROOT, "examples");
const projects = fs.readdirSync(EXAMPLES).filter((name) => fs.existsSync(path.join(EXAMPLES, name, "Pulumi.yaml")));
/** The TypeScript programs; a Pulumi YAML program (runtime yaml) has no sources to type-check. */
const names = projects.filter((name) => !/^runtime: yaml$/m.test(fs.readFileSync(path.join(EXAMPLES, name, "Pulumi.yaml"), "utf8")));

describe("examples", () => {
    it("are the seven documented TypeScript projects, each with Pulumi.yaml, index.ts, package.json and tsconfig.json, and one Pulumi YAML project", () => {
        assert.deepEqual(names.sort(), ["adopt-and-restore", "basic", "by-name", "fleet", "plugin-typescript", "secret-credentials", "stack-config"]);
        assert.deepEqual(
            projects.filter((name) => !names.includes(name)),
            ["plugin-yaml"],
        );
        for (const name of names) {
            for (const file of ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"]) {
                assert.ok(fs.existsSync(path.join(EXAMPLES, name, file)), `${name}/${file}`);
            }
        }
        assert.ok(fs.existsSync(path.join(EXAMPLES, "plugin-yaml", "package.json")), "plugin-yaml/package.json: the package that holds the plugin");
    });

    for (const name of names) {
        it(`${name} type-checks against the built package`, async () => {
            const tsc = require.resolve("typescript/bin/tsc");
            await new Promise<void>((resolve, reject) =>
                execFile(process.execPath, [tsc, "-p", path.join(EXAMPLES, name, "tsconfig.json"), "--noEmit"], { cwd: REPO_ROOT }, (error, stdout) =>
                    error ? reject(new Error(`tsc failed for examples/${name}:\n${stdout}`)) : resolve(),
                ),
            );
        });
    }

    describe("basic, through the engine protocol", () => {
        let env: EmulatorStack;
        before(async () => {
            env = await startEmulatorStack({
                programDir: path.join(EXAMPLES, "basic"),
                seed: [{ id: APP_IDS[0], counters: { installedDeviceCount: 1 } }],
                config: { "intune-basic:mobileAppId": APP_IDS[0] },
            });
        });
        after(() => env?.stop());

        it("up creates the summary with the declared counters, a second preview is clean, destroy leaves the tenant", async () => {
            const up = await env.stack.up();
            assert.deepEqual(
                up.map((s) => [s.name, s.op, s.error]),
                [["teams", "create", undefined]],
            );
            assert.deepEqual(
                [
                    env.emulator.counters(APP_IDS[0]).installedDeviceCount,
                    env.emulator.counters(APP_IDS[0]).failedDeviceCount,
                    env.emulator.counters(APP_IDS[0]).notInstalledDeviceCount,
                ],
                [4, 1, 7],
            );
            assert.deepEqual(
                (await env.stack.preview()).map((s) => s.op),
                ["same"],
            );
            assert.deepEqual(
                (await env.stack.destroy()).map((s) => [s.op, s.error]),
                [["delete", undefined]],
            );
            assert.equal(env.emulator.counters(APP_IDS[0]).installedDeviceCount, 4);
        });
    });

    describe("fleet of 200 apps from its example stack, through the engine protocol", () => {
        const stackFile = yaml.load(fs.readFileSync(path.join(EXAMPLES, "fleet", "Pulumi.example.yaml"), "utf8")) as { config: Record<string, unknown> };
        const apps = stackFile.config["intune-fleet:apps"] as Array<{ id: string; installedDeviceCount?: number }>;
        let env: EmulatorStack;
        before(async () => {
            env = await startEmulatorStack({
                programDir: path.join(EXAMPLES, "fleet"),
                seed: apps.map((a) => ({ id: a.id, counters: { failedDeviceCount: 3 } })),
                config: {
                    ...Object.fromEntries(Object.entries(stackFile.config).map(([k, v]) => [k, JSON.stringify(v)])),
                    // Intune's budget (100 per 20 s) would make this test wait 20 s; pacing has its own tests.
                    "intune:writesPerWindow": "200",
                },
                behaviour: { patchStatus: 200 },
            });
        });
        after(() => env?.stop());

        it("up adopts all 200 with one GET and one PATCH each (200 answers carry the entity), applying the fleet defaults", async () => {
            assert.equal(apps.length, 200);
            const up = await env.stack.up();
            assert.equal(up.length, 200);
            assert.deepEqual(
                up.filter((s) => s.op !== "create" || s.error),
                [],
            );
            assert.equal(env.emulator.graphRequests("PATCH").length, 200);
            assert.equal(env.emulator.graphRequests("GET").length, 200, "the read before each write");
            for (const app of apps) {
                const live = env.emulator.counters(app.id);
                assert.equal(live.installedDeviceCount, app.installedDeviceCount);
                assert.equal(live.failedDeviceCount, 0, "the fleet default");
            }
        });

        it("a second preview of the 200 shows no change and sends no request", async () => {
            env.emulator.clearRequests();
            const steps = await env.stack.preview();
            assert.equal(steps.filter((s) => s.op === "same").length, 200);
            assert.equal(env.emulator.graphRequests().length, 0);
        });
    });
});
