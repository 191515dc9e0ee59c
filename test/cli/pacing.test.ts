/**
 * Pacing through the real `pulumi` CLI, with default settings (no `intune:writesPerWindow`): the
 * emulator's tenant write budget set to one of issue 10's shapes, and one or two stacks of the
 * stack-config example creating their apps with `pulumi up --parallel 100` at the same time, each
 * stack its own provider host. Counts only (failures, 429 answers, writes applied); the wall times
 * against the throttle minimum are the bench's, never a timed test.
 */
import { strict as assert } from "node:assert";
import type { EmulatorBehaviour, GraphEmulator } from "../../emulator/graphEmulator";
import { CliStack } from "../../scripts/cli/pulumiWorkspace";
import { appId } from "../../scripts/bench/apps";
import { TEST_TOKEN } from "../support/fixtures";
import { CliFixture, cliFixture } from "./support/cliFixture";

const APPS_KEY = "intune-install-summaries:apps";
/** Apps seeded; each case takes its own, so no create of one case meets another's state. */
const SEEDED = 480;

describe("real CLI: pacing against the tenant's write budget, default settings", function () {
    this.timeout(600_000);
    let f: CliFixture;
    let second: CliStack;
    let nextApp = 0;

    before(async function () {
        f = await cliFixture(this, {
            source: "examples/stack-config",
            seed: Array.from({ length: SEEDED }, (_, i) => ({ id: appId(i) })),
            // Intune's usual answer: no body, so each create is a PATCH and the GET that verifies it.
            behaviour: { patchStatus: 204 },
        });
        f.stack.setStructuredConfig(APPS_KEY, []);
        second = await CliStack.init(f.workspace, "second");
        second.setStructuredConfig(APPS_KEY, []);
        await second.setConfig({ "intune:graphEndpoint": f.emulator.baseUrl }, { "intune:accessToken": TEST_TOKEN });
    });
    after(() => f?.dispose());

    /**
     * Sets the tenant's budget afresh, gives each stack `n` new apps (installedDeviceCount 7) and
     * runs their `pulumi up` at once; answers the Graph requests and the apps written.
     */
    async function deployAtOnce(budget: Partial<EmulatorBehaviour>, stacks: CliStack[], n: number) {
        Object.assign(f.emulator.behaviour, budget);
        f.emulator.resetWriteBudget();
        f.emulator.clearRequests();
        const apps = stacks.map(() => Array.from({ length: n }, () => appId(nextApp++)));
        assert.ok(nextApp <= SEEDED);
        stacks.forEach((stack, s) =>
            stack.setStructuredConfig(
                APPS_KEY,
                apps[s].map((mobileAppId) => ({ mobileAppId, installedDeviceCount: 7 })),
            ),
        );
        await Promise.all(stacks.map((stack) => stack.up(["--parallel", "100"])));
        // each up succeeded (a failed step fails the command); each stack holds exactly its n summaries
        for (const [s, stack] of stacks.entries()) {
            assert.deepEqual([...(await stack.resources()).keys()].sort(), [...apps[s]].sort());
        }
        const requests = f.emulator.graphRequests();
        return { requests, throttled: requests.filter((r) => r.status === 429).length, apps: apps.flat() };
    }

    function assertEachAppWrittenOnce(requests: ReturnType<GraphEmulator["graphRequests"]>, apps: string[]): void {
        const accepted = requests.filter((r) => r.method === "PATCH" && r.status === 204).map((r) => r.path.split("/")[4]);
        assert.deepEqual([...accepted].sort(), [...apps].sort(), "each app's PATCH accepted once");
        for (const id of apps) {
            assert.equal(f.emulator.counters(id).installedDeviceCount, 7, id);
        }
    }

    // (a) and (c) deploy 10 % more than one window holds: the pacer holds those writes until the
    // first ones leave the window (about 20 s) instead of spending them on 429s (pacing off: 1 and 9 refused).
    it("(a) Intune's documented 100 per 20 s: 110 creates, not one 429", async () => {
        const { requests, throttled, apps } = await deployAtOnce({ writesPerWindow: 100, writeWindowMs: 20_000, writeWindow: "sliding" }, [f.stack], 110);
        assert.equal(throttled, 0);
        assertEachAppWrittenOnce(requests, apps);
    });

    it("(c) 200 per 20 s for the tenant, two stacks deploying 110 each at once: not one 429", async () => {
        const { requests, throttled, apps } = await deployAtOnce(
            { writesPerWindow: 200, writeWindowMs: 20_000, writeWindow: "sliding" },
            [f.stack, second],
            110,
        );
        assert.equal(throttled, 0);
        assertEachAppWrittenOnce(requests, apps);
    });

    it("two stacks at once into 20 per 2 s: both finish, every write applied once, at most 10 % of requests answered 429 (the fixed pacer: 53 %)", async () => {
        const { requests, throttled, apps } = await deployAtOnce({ writesPerWindow: 20, writeWindowMs: 2000, writeWindow: "sliding" }, [f.stack, second], 40);
        assertEachAppWrittenOnce(requests, apps);
        if (process.env.RELIABILITY_REPORT) {
            console.log(`      ${throttled} of ${requests.length} requests answered 429`);
        }
        assert.ok(throttled <= 0.1 * requests.length, `${throttled} of ${requests.length} requests answered 429`);
    });
});
