/**
 * Parity of `engine/` (this repository's stand-in for the Pulumi engine, kept only as `npm start`'s
 * fallback on a machine with neither a Pulumi CLI nor Go, and as the driver of the host-level
 * tests) with the real CLI: one scenario through both, against two emulators seeded alike, must
 * give the same steps, the same property changes, the same stored outputs and the same requests.
 */
import { strict as assert } from "node:assert";
import { GraphEmulator } from "../../emulator/graphEmulator";
import { Step } from "../../engine/localEngine";
import { EmulatorStack, startEmulatorStack } from "../support/emulatorStack";
import { APPS_KEY, APP_IDS } from "../support/fixtures";
import { CliFixture, cliFixture, takeRequests } from "./support/cliFixture";
import { PreviewDigest, stepName } from "../../scripts/cli/pulumiWorkspace";

const APPS = [
    { name: "teams", mobileAppId: APP_IDS[0], installedDeviceCount: 4, failedDeviceCount: 1 },
    { name: "outlook", mobileAppId: APP_IDS[1], installedUserCount: 2 },
    { name: "portal", mobileAppId: APP_IDS[2], installedDeviceCount: 120, restoreOnDestroy: true },
];
const SEED = APP_IDS.map((id, i) => ({ id, counters: { installedDeviceCount: i, failedDeviceCount: 9 } }));

/** `name op key:old=>new ...` for each step on an install summary, sorted. */
type Summary = string[];

function fromLocal(steps: readonly Step[]): Summary {
    return steps.map((s) => `${s.name} ${s.op}${s.changes.map((c) => ` ${c.key}:${JSON.stringify(c.old)}=>${JSON.stringify(c.new)}`).join("")}`).sort();
}

function fromCli(digest: PreviewDigest): Summary {
    return digest.steps
        .filter((s) => s.urn.includes("intune:MobileAppInstallSummary"))
        .map((s) => {
            const olds = s.oldState?.inputs ?? {};
            const news = s.newState?.inputs ?? {};
            const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => k !== "__provider").sort();
            const changed = keys.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
            return `${stepName(s)} ${s.op}${changed.map((k) => ` ${k}:${JSON.stringify(olds[k])}=>${JSON.stringify(news[k])}`).join("")}`;
        })
        .sort();
}

function sortedChanges(summary: Summary): Summary {
    // The stand-in lists changed keys in the order it found them; the CLI's digest has no order: compare sorted.
    return summary.map((line) => {
        const [name, op, ...changes] = line.split(" ");
        return [name, op, ...changes.sort()].join(" ");
    });
}

describe("real CLI: engine/ gives the same steps as the real engine", function () {
    this.timeout(300_000);
    let cli: CliFixture;
    let local: EmulatorStack;

    before(async function () {
        cli = await cliFixture(this, { source: "examples/stack-config", seed: SEED, structured: { [APPS_KEY]: APPS } });
        local = await startEmulatorStack({ seed: SEED, apps: APPS });
    });
    after(async () => {
        await cli?.dispose();
        await local?.stop();
    });

    const requests = (emulator: GraphEmulator) => takeRequests(emulator);
    const outputs = async () => {
        const state = await cli.stack.resources();
        const real = Object.fromEntries([...state].map(([name, r]) => [name, { ...r.outputs, __provider: undefined, summaryId: undefined }]));
        const stand = Object.fromEntries(
            [...local.stack.engine.state.values()].map((r) => [r.name, { ...r.outputs, __provider: undefined, summaryId: undefined }]),
        );
        return { real, stand };
    };

    it("the first preview: the same creates with the same inputs", async () => {
        assert.deepEqual(sortedChanges(fromLocal(await local.stack.preview())), sortedChanges(fromCli(await cli.stack.previewJson(["--show-sames"]))));
    });

    it("up: the same requests and the same stored outputs", async () => {
        await local.stack.up();
        await cli.stack.up();
        assert.deepEqual(requests(local.emulator), requests(cli.emulator));
        const { real, stand } = await outputs();
        assert.deepEqual(stand, real);
    });

    it("drift, refresh, preview: the same update with the same change, live => declared", async () => {
        for (const emulator of [local.emulator, cli.emulator]) {
            emulator.setCounters(APP_IDS[0], { installedDeviceCount: 7 });
        }
        await local.stack.refresh();
        await cli.stack.refresh();
        assert.deepEqual(requests(local.emulator), requests(cli.emulator));
        const expected = sortedChanges(fromCli(await cli.stack.previewJson(["--show-sames"])));
        assert.ok(expected.includes("teams update installedDeviceCount:7=>4"), expected.join("\n"));
        assert.deepEqual(sortedChanges(fromLocal(await local.stack.preview())), expected);
    });

    it("up, then destroy: the same requests, the same tenant", async () => {
        await local.stack.up();
        await cli.stack.up();
        assert.deepEqual(requests(local.emulator), requests(cli.emulator));
        await local.stack.destroy();
        await cli.stack.destroy();
        assert.deepEqual(requests(local.emulator), requests(cli.emulator));
        for (const id of APP_IDS) {
            assert.deepEqual(local.emulator.counters(id), cli.emulator.counters(id));
        }
    });
});
