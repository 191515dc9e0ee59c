/**
 * Every example program through the real `pulumi` CLI, each in its own folder outside the
 * repository with the package installed from its tarball. (The stack-config example runs in
 * lifecycle.test.ts, secret-credentials in secrets.test.ts, where its sign-in is the point.)
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { APP_IDS, REPO_ROOT } from "../support/fixtures";
import { CliFixture, cliFixture, takeRequests } from "./support/cliFixture";

describe("real CLI: examples/basic", function () {
    this.timeout(300_000);
    let f: CliFixture;
    before(async function () {
        f = await cliFixture(this, {
            source: "examples/basic",
            seed: [{ id: APP_IDS[0], counters: { installedDeviceCount: 1 } }],
            config: { "intune-basic:mobileAppId": APP_IDS[0] },
        });
    });
    after(() => f?.dispose());

    it("up creates the summary with its declared counters and exports them; a second preview is clean; destroy leaves the tenant", async () => {
        const up = await f.stack.up();
        assert.match(up.stdout, /installedDeviceCount: 4\n/);
        assert.match(up.stdout, /summaryId\s*: "[0-9a-f-]{36}"/);
        const live = f.emulator.counters(APP_IDS[0]);
        assert.deepEqual([live.installedDeviceCount, live.failedDeviceCount, live.notInstalledDeviceCount], [4, 1, 7]);
        await f.stack.preview(["--expect-no-changes"]);
        takeRequests(f.emulator);
        await f.stack.destroy();
        assert.deepEqual(takeRequests(f.emulator), {}, "destroy without restoreOnDestroy sends nothing");
        assert.equal(f.emulator.counters(APP_IDS[0]).installedDeviceCount, 4);
    });
});

describe("real CLI: examples/adopt-and-restore", function () {
    this.timeout(300_000);
    let f: CliFixture;
    before(async function () {
        f = await cliFixture(this, {
            source: "examples/adopt-and-restore",
            seed: [{ id: APP_IDS[1], counters: { installedDeviceCount: 33, notInstalledDeviceCount: 5 } }],
            config: { "intune-adopt-and-restore:mobileAppId": APP_IDS[1] },
        });
    });
    after(() => f?.dispose());

    it("up adopts the app's values, destroy puts the values seen before adoption back", async () => {
        await f.stack.up();
        assert.deepEqual([f.emulator.counters(APP_IDS[1]).installedDeviceCount, f.emulator.counters(APP_IDS[1]).notInstalledDeviceCount], [10, 0]);
        await f.stack.destroy();
        assert.deepEqual([f.emulator.counters(APP_IDS[1]).installedDeviceCount, f.emulator.counters(APP_IDS[1]).notInstalledDeviceCount], [33, 5]);
    });
});

describe("real CLI: examples/fleet, 200 apps from its example stack", function () {
    this.timeout(600_000);
    const stackFile = yaml.load(fs.readFileSync(path.join(REPO_ROOT, "examples", "fleet", "Pulumi.example.yaml"), "utf8")) as {
        config: Record<string, unknown>;
    };
    const apps = stackFile.config["intune-fleet:apps"] as Array<{ id: string; installedDeviceCount?: number }>;
    let f: CliFixture;
    before(async function () {
        f = await cliFixture(this, {
            source: "examples/fleet",
            stackName: "example",
            seed: apps.map((a) => ({ id: a.id, counters: { failedDeviceCount: 3 } })),
            // Requests overlap only when they take a while; pacing has its own tests, so the budget is not the limit here.
            behaviour: { latencyMs: 20 },
            config: { "intune:writesPerWindow": "400" },
        });
        for (const [key, value] of Object.entries(stackFile.config)) {
            f.stack.setStructuredConfig(key, value);
        }
    });
    after(() => f?.dispose());

    it("up adopts all 200 with one PATCH each, in parallel, applying the fleet defaults", async () => {
        assert.equal(apps.length, 200);
        f.emulator.resetPeakConnections();
        const { stdout } = await f.stack.up();
        assert.match(stdout, /\+ 201 created/);
        assert.equal(f.emulator.graphRequests("PATCH").length, 200);
        assert.ok(f.emulator.peakConnections > 1, `requests ran in parallel (${f.emulator.peakConnections} connections at once)`);
        for (const app of apps) {
            assert.equal(f.emulator.counters(app.id).installedDeviceCount, app.installedDeviceCount);
            assert.equal(f.emulator.counters(app.id).failedDeviceCount, 0, "the fleet default");
        }
        assert.match(stdout, /appCount\s*: 200/);
        takeRequests(f.emulator);
    });

    it("a second preview of the 200 shows no change and sends no request", async () => {
        const { stdout } = await f.stack.preview(["--expect-no-changes"]);
        assert.match(stdout, /201 unchanged/);
        assert.deepEqual(takeRequests(f.emulator), {});
    });

    it("with --parallel 1 a changed fleet default updates all 200 one at a time, one PATCH each", async () => {
        f.stack.setStructuredConfig("intune-fleet:defaults", { failedDeviceCount: 2, pendingInstallDeviceCount: 0 });
        f.emulator.resetPeakConnections();
        const { stdout } = await f.stack.up(["--parallel", "1"]);
        assert.match(stdout, /~ 200 updated/);
        assert.equal(f.emulator.peakConnections, 1, "one request at a time");
        const patches = f.emulator.graphRequests("PATCH");
        assert.equal(patches.length, 200);
        assert.ok(patches.every((r) => r.body === '{"failedDeviceCount":2}'));
        takeRequests(f.emulator);
    });
});
