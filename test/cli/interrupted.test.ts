/**
 * `pulumi up` interrupted mid-deployment, through the real CLI, and the documented next steps
 * (docs/operations.md, "After an interrupted `pulumi up`"):
 * - Ctrl+C once: the engine lets the writes in flight finish, cancels the rest, and records what
 *   was done; the next `pulumi up` creates the rest.
 * - killed (SIGKILL, a CI runner cancelled): on the file backend the stack stays locked until
 *   `pulumi cancel --yes`; the creates that were in flight are recorded as pending until
 *   `pulumi refresh --clear-pending-creates`; and every host of the killed run ends by itself.
 */
import { strict as assert } from "node:assert";
import { ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { APPS_KEY } from "../support/fixtures";
import { CliFixture, cliFixture, takeRequests } from "./support/cliFixture";
import { ProcessWatch } from "../../scripts/cli/processWatch";

const appIds = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-0000-4000-8000-${String(i).padStart(12, "0")}`);

/** Calls `then` once `ready()` holds, checking every 50 ms (bounded by the command's own timeout). */
function when(ready: () => boolean, then: () => void): void {
    const timer = setInterval(() => {
        if (ready()) {
            clearInterval(timer);
            then();
        }
    }, 50);
    timer.unref();
}

describe("real CLI: pulumi up interrupted with Ctrl+C", function () {
    this.timeout(300_000);
    const ids = appIds(12, "c7c7c7c7");
    let f: CliFixture;
    before(async function () {
        f = await cliFixture(this, {
            source: "examples/stack-config",
            seed: ids.map((id) => ({ id })),
            behaviour: { latencyMs: 1000 },
            structured: { [APPS_KEY]: ids.map((id, i) => ({ name: `app-${i}`, mobileAppId: id, installedDeviceCount: i + 1 })) },
        });
    });
    after(() => f?.dispose());

    it("the writes in flight finish, the rest are not started, and what was done is recorded with nothing pending", async () => {
        const result = await f.stack.up(["--parallel", "4"], {
            allowFailure: true,
            onStart: (child: ChildProcess) =>
                when(
                    () => f.emulator.graphRequests("PATCH").length >= 1,
                    () => child.kill("SIGINT"),
                ),
        });
        assert.notEqual(result.code, 0);
        assert.match(result.stdout, /\^C received; cancelling\./);
        assert.match(result.stdout, /error: update canceled/);
        const state = await f.stack.exportState();
        assert.deepEqual(state.deployment.pending_operations ?? [], [], "nothing is left pending");
        const recorded = (state.deployment.resources ?? []).filter((r) => r.type.endsWith("intune:MobileAppInstallSummary"));
        assert.ok(recorded.length >= 1 && recorded.length < ids.length, `some, not all, were created (${recorded.length})`);
        for (const r of recorded) {
            assert.equal(f.emulator.counters(r.id!).installedDeviceCount, r.outputs!.installedDeviceCount, `${r.id} holds what the state says`);
        }
        assert.equal(f.emulator.graphRequests("PATCH").length, recorded.length, "a write was sent for each recorded resource, no other");
    });

    it("the next pulumi up creates the rest and converges", async () => {
        takeRequests(f.emulator);
        await f.stack.up();
        ids.forEach((id, i) => assert.equal(f.emulator.counters(id).installedDeviceCount, i + 1));
        await f.stack.preview(["--expect-no-changes"]);
        assert.equal((await f.stack.resources()).size, ids.length);
    });
});

describe("real CLI: pulumi up killed (SIGKILL)", function () {
    this.timeout(300_000);
    const ids = appIds(6, "d8d8d8d8");
    let f: CliFixture;
    before(async function () {
        f = await cliFixture(this, {
            source: "examples/stack-config",
            seed: ids.map((id) => ({ id })),
            behaviour: { latencyMs: 3000 },
            structured: { [APPS_KEY]: ids.map((id, i) => ({ name: `app-${i}`, mobileAppId: id, installedDeviceCount: i + 1 })) },
        });
    });
    after(() => f?.dispose());

    /**
     * True while the file backend is not in the middle of writing the checkpoint. Killed in that
     * moment, the CLI can leave the checkpoint's attribute file empty ("failed to load checkpoint:
     * EOF", a race in the file backend, not this product's); the test kills between writes.
     */
    function checkpointSettled(): boolean {
        const dir = path.join(f.workspace.backendDir, ".pulumi", "stacks", "intune-install-summaries");
        const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
        return !files.some((name) => name.endsWith(".tmp")) && files.includes("dev.json.attrs") && fs.statSync(path.join(dir, "dev.json.attrs")).size > 0;
    }

    it("the hosts of the killed run finish their writes and end by themselves", async () => {
        let watch: ProcessWatch | undefined;
        const result = await f.stack.up([], {
            allowFailure: true,
            leftoverGraceMs: 20_000,
            // pulumi-language-nodejs 3.68 (Pulumi's, built here) notices a dead engine only through its health check, every 5 minutes.
            tolerate: /pulumi-language-nodejs /,
            onStart: (child: ChildProcess, w: ProcessWatch) => {
                watch = w;
                when(
                    () => f.emulator.graphRequests("PATCH").length >= ids.length && checkpointSettled(),
                    () => child.kill("SIGKILL"),
                );
            },
        });
        assert.equal(result.signal, "SIGKILL");
        const ran = watch!.everSeen().map((p) => p.command);
        assert.ok(
            ran.some((c) => /cmd\/dynamic-provider\/index\.js/.test(c)),
            "a dynamic-provider host ran",
        );
        assert.ok(
            result.ended.every((c) => /pulumi-language-nodejs /.test(c)),
            `only the language host needed ending: ${result.ended.join("; ")}`,
        );
        ids.forEach((id, i) => assert.equal(f.emulator.counters(id).installedDeviceCount, i + 1, "the write in flight was applied"));
    });

    it("the next pulumi up finds the stack locked; pulumi cancel unlocks it", async () => {
        const locked = await f.stack.up([], { allowFailure: true });
        assert.notEqual(locked.code, 0);
        assert.match(`${locked.stdout}${locked.stderr}`, /the stack is currently locked by 1 lock\(s\)/);
        await f.stack.run(["cancel", "--yes"]);
    });

    it("up then converges, but the creates that were in flight stay pending until refresh --clear-pending-creates", async () => {
        takeRequests(f.emulator);
        const up = await f.stack.up();
        assert.match(`${up.stdout}${up.stderr}`, /pending operations? from previous (deployment|update)/i);
        assert.equal((await f.stack.resources()).size, ids.length);
        assert.ok(((await f.stack.exportState()).deployment.pending_operations ?? []).length > 0, "still recorded as pending");
        await f.stack.refresh(["--clear-pending-creates"]);
        assert.deepEqual((await f.stack.exportState()).deployment.pending_operations ?? [], []);
        await f.stack.preview(["--expect-no-changes"]);
        ids.forEach((id, i) => assert.equal(f.emulator.counters(id).installedDeviceCount, i + 1));
    });
});
