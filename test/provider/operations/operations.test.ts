/**
 * create, update, read and delete over a fake Graph client (no HTTP, no gRPC): every branch of
 * each operation, and for create every way a failed write landed (yes, maybe, no) with and
 * without restoreOnDestroy, and what is recorded then.
 */
import { strict as assert } from "node:assert";
import { isGraphError } from "../../../provider/graph/errors";
import type { CounterValues } from "../../../provider/model/fields";
import type { CheckedInputs } from "../../../provider/model/inputs";
import type { SummaryOutputs } from "../../../provider/model/state";
import { createSummary, isPartialCreateError } from "../../../provider/operations/create";
import { deleteSummary } from "../../../provider/operations/delete";
import type { OperationContext } from "../../../provider/operations/operationContext";
import { readSummary } from "../../../provider/operations/read";
import { isRestoreFailedError } from "../../../provider/operations/restoreOnDestroy";
import { updateSummary } from "../../../provider/operations/update";
import { isWriteError } from "../../../provider/operations/writeError";
import { isWriteNotAppliedError } from "../../../provider/operations/writeVerification";
import { APP_IDS } from "../../support/fixtures";
import { FakeGraph, contextFor, graphError } from "./fakeGraph";

const APP = APP_IDS[0];
/** What the tenant holds before any write. */
const TENANT: CounterValues = { installedDeviceCount: 1, failedDeviceCount: 2 };

/** Sets up the fake before the call: failures to throw, how Graph answers a PATCH. */
type Arrange = (graph: FakeGraph) => void;

/** What a call must end with. */
type Outcome =
    | { returns: unknown }
    /** A partially created resource with these outputs, caused by what `cause` accepts. */
    | { partial: SummaryOutputs; cause: (error: unknown) => boolean }
    /** A failure that records nothing, accepted by `error`. */
    | { fails: (error: unknown) => boolean };

interface Case {
    name: string;
    /** What the tenant holds before the call; default {@link TENANT}. */
    tenant?: CounterValues;
    arrange?: Arrange;
    context?: Partial<OperationContext>;
    outcome: Outcome;
    /** The requests Graph got, in order. */
    calls: string[];
    /** Patterns the log lines must match, in order (none: no line). */
    log?: RegExp[];
}

/** Runs `call` as `c` says and checks its outcome, requests and log lines. */
async function check(c: Case, call: (ctx: OperationContext) => Promise<unknown>): Promise<void> {
    const graph = new FakeGraph(c.tenant ?? TENANT);
    c.arrange?.(graph);
    const lines: string[] = [];
    let result: { value: unknown } | { error: unknown };
    try {
        result = { value: await call(contextFor(graph, lines, c.context)) };
    } catch (error) {
        result = { error };
    }
    if ("returns" in c.outcome) {
        assert.ok("value" in result, `expected a result, got ${"error" in result ? String(result.error) : ""}`);
        assert.deepEqual(result.value, c.outcome.returns);
    } else {
        assert.ok("error" in result, `expected a failure, got ${JSON.stringify("value" in result ? result.value : undefined)}`);
        assert.ok(!isWriteError(result.error), "the operation reports the cause, not the write's wrapper");
        if ("partial" in c.outcome) {
            assert.ok(isPartialCreateError(result.error), `expected a partial create, got ${String(result.error)}`);
            assert.equal(result.error.id, APP);
            assert.deepEqual(result.error.outputs, c.outcome.partial);
            assert.ok(c.outcome.cause(result.error.cause), `unexpected cause ${String(result.error.cause)}`);
            assert.equal(result.error.message, (result.error.cause as Error).message, "the message is the cause's");
        } else {
            assert.ok(!isPartialCreateError(result.error), "nothing is recorded");
            assert.ok(c.outcome.fails(result.error), `unexpected failure ${String(result.error)}`);
        }
    }
    assert.deepEqual(graph.calls, c.calls);
    assert.equal(lines.length, c.log?.length ?? 0, `log lines: ${lines.join("")}`);
    c.log?.forEach((pattern, i) => assert.match(lines[i], pattern));
}

const kind = (expected: string) => (error: unknown) => isGraphError(error) && error.kind === expected;
const GET = `GET ${APP}`;
const PATCH_4 = `PATCH ${APP} {"installedDeviceCount":4}`;

describe("provider/operations over a fake Graph client", () => {
    describe("createSummary", () => {
        const declare4: CheckedInputs = { mobileAppId: APP, installedDeviceCount: 4 };
        const restoring: CheckedInputs = { ...declare4, restoreOnDestroy: true };
        /** The outputs after a write of 4 that Graph applied. */
        const written: SummaryOutputs = {
            mobileAppId: APP,
            installedDeviceCount: 4,
            failedDeviceCount: 2,
            declaredCounters: ["installedDeviceCount"],
            summaryId: "summary-1",
        };
        /** The outputs that record the tenant as it was, with the values before adoption for restoreOnDestroy. */
        const asBefore: SummaryOutputs = {
            mobileAppId: APP,
            ...TENANT,
            declaredCounters: ["installedDeviceCount"],
            summaryId: "summary-1",
            restoreOnDestroy: true,
            valuesBeforeAdoption: { installedDeviceCount: 1 },
        };
        const cases: Array<Case & { inputs: CheckedInputs }> = [
            {
                name: "declared counters that differ: read first, a PATCH answered 204, then one GET; the outputs are what Graph holds",
                inputs: declare4,
                outcome: { returns: { id: APP, outputs: written } },
                calls: [GET, PATCH_4, GET],
            },
            {
                name: "a PATCH answered 200 with the entity needs no GET",
                inputs: declare4,
                arrange: (g) => (g.patchStatus = 200),
                outcome: { returns: { id: APP, outputs: written } },
                calls: [GET, PATCH_4],
            },
            {
                name: "declared values that Graph holds already (what export writes): one GET, no PATCH",
                tenant: { installedDeviceCount: 4, failedDeviceCount: 2 },
                inputs: { ...declare4, failedDeviceCount: 2 },
                outcome: { returns: { id: APP, outputs: { ...written, declaredCounters: ["installedDeviceCount", "failedDeviceCount"] } } },
                calls: [GET],
            },
            {
                name: "only the declared counters that differ are PATCHed",
                inputs: { ...declare4, failedDeviceCount: 2 },
                outcome: { returns: { id: APP, outputs: { ...written, declaredCounters: ["installedDeviceCount", "failedDeviceCount"] } } },
                calls: [GET, PATCH_4, GET],
            },
            {
                name: "the read before the write fails: nothing written, nothing recorded",
                inputs: declare4,
                arrange: (g) => g.failures.GET.push(graphError("GET", "timeout")),
                outcome: { fails: kind("timeout") },
                calls: [GET],
            },
            {
                name: "nothing declared: one GET, nothing written",
                inputs: { mobileAppId: APP },
                outcome: { returns: { id: APP, outputs: { mobileAppId: APP, ...TENANT, declaredCounters: [], summaryId: "summary-1" } } },
                calls: [GET],
            },
            {
                name: "restoreOnDestroy: reads first and records the declared counters' values before adoption",
                inputs: restoring,
                outcome: { returns: { id: APP, outputs: { ...written, restoreOnDestroy: true, valuesBeforeAdoption: { installedDeviceCount: 1 } } } },
                calls: [GET, PATCH_4, GET],
            },
            {
                name: "restoreOnDestroy false: recorded, no values before adoption kept",
                inputs: { ...declare4, restoreOnDestroy: false },
                outcome: { returns: { id: APP, outputs: { ...written, restoreOnDestroy: false } } },
                calls: [GET, PATCH_4, GET],
            },
            {
                name: "with restoreOnDestroy, the read before the write fails: nothing written, nothing recorded",
                inputs: restoring,
                arrange: (g) => g.failures.GET.push(graphError("GET", "network")),
                outcome: { fails: kind("network") },
                calls: [GET],
            },
            // Landed: no. Graph refused the PATCH, or it was never sent.
            {
                name: "landed no: the PATCH is refused (400); nothing recorded, the Graph error thrown",
                inputs: declare4,
                arrange: (g) => g.failures.PATCH.push(graphError("PATCH", "http", 400)),
                outcome: { fails: (e) => isGraphError(e) && e.status === 400 },
                calls: [GET, PATCH_4],
            },
            {
                name: "landed no: the app does not exist",
                inputs: declare4,
                arrange: (g) => g.failures.PATCH.push(graphError("PATCH", "appNotFound", 404)),
                outcome: { fails: kind("appNotFound") },
                calls: [GET, PATCH_4],
            },
            {
                name: "landed no: no token (sign-in failed), even with restoreOnDestroy",
                inputs: restoring,
                arrange: (g) => g.failures.PATCH.push(graphError("PATCH", "auth")),
                outcome: { fails: kind("auth") },
                calls: [GET, PATCH_4],
            },
            // Landed: maybe. No answer, or a failure on Graph's side.
            {
                name: "landed maybe: the connection failed; without restoreOnDestroy nothing recorded (the next up sends the same values)",
                inputs: declare4,
                arrange: (g) => g.failures.PATCH.push(graphError("PATCH", "network")),
                outcome: { fails: kind("network") },
                calls: [GET, PATCH_4],
            },
            {
                name: "landed maybe: no answer in time; without restoreOnDestroy nothing recorded",
                inputs: declare4,
                arrange: (g) => g.failures.PATCH.push(graphError("PATCH", "timeout")),
                outcome: { fails: kind("timeout") },
                calls: [GET, PATCH_4],
            },
            {
                name: "landed maybe: 503 after the retries; without restoreOnDestroy nothing recorded",
                inputs: declare4,
                arrange: (g) => g.failures.PATCH.push(graphError("PATCH", "http", 503)),
                outcome: { fails: (e) => isGraphError(e) && e.status === 503 },
                calls: [GET, PATCH_4],
            },
            {
                name: "landed maybe with restoreOnDestroy: recorded as it was, keeping the values before adoption",
                inputs: restoring,
                arrange: (g) => g.failures.PATCH.push(graphError("PATCH", "timeout")),
                outcome: { partial: asBefore, cause: kind("timeout") },
                calls: [GET, PATCH_4],
            },
            {
                name: "landed maybe with restoreOnDestroy: a connection failure too",
                inputs: restoring,
                arrange: (g) => g.failures.PATCH.push(graphError("PATCH", "network")),
                outcome: { partial: asBefore, cause: kind("network") },
                calls: [GET, PATCH_4],
            },
            {
                name: "landed maybe with restoreOnDestroy: a 500 too",
                inputs: restoring,
                arrange: (g) => g.failures.PATCH.push(graphError("PATCH", "http", 500)),
                outcome: { partial: asBefore, cause: (e) => isGraphError(e) && e.status === 500 },
                calls: [GET, PATCH_4],
            },
            {
                name: "landed no with restoreOnDestroy: a 403 records nothing",
                inputs: restoring,
                arrange: (g) => g.failures.PATCH.push(graphError("PATCH", "http", 403)),
                outcome: { fails: (e) => isGraphError(e) && e.status === 403 },
                calls: [GET, PATCH_4],
            },
            // Landed: yes. Graph accepted the PATCH (2xx); what failed came after.
            {
                name: "landed yes: the read-back failed; recorded without counters (the next diff sees the declared one as changed)",
                inputs: declare4,
                arrange: (g) => g.failures.GET.push(undefined, graphError("GET", "network")),
                outcome: { partial: { mobileAppId: APP, declaredCounters: ["installedDeviceCount"] }, cause: kind("network") },
                calls: [GET, PATCH_4, GET],
            },
            {
                name: "landed yes with restoreOnDestroy: the read-back failed; recorded as it was before, with the values before adoption",
                inputs: restoring,
                arrange: (g) => g.failures.GET.push(undefined, graphError("GET", "timeout")),
                outcome: { partial: asBefore, cause: kind("timeout") },
                calls: [GET, PATCH_4, GET],
            },
            {
                name: "landed yes: Graph accepted and did not apply the write (verification: error); recorded with what Graph holds",
                inputs: declare4,
                arrange: (g) => (g.applyWrites = false),
                outcome: {
                    partial: { mobileAppId: APP, ...TENANT, declaredCounters: ["installedDeviceCount"], summaryId: "summary-1" },
                    cause: isWriteNotAppliedError,
                },
                calls: [GET, PATCH_4, GET],
            },
            {
                name: "landed yes with restoreOnDestroy, not applied: recorded with what Graph holds and the values before adoption",
                inputs: restoring,
                arrange: (g) => (g.applyWrites = false),
                outcome: { partial: asBefore, cause: isWriteNotAppliedError },
                calls: [GET, PATCH_4, GET],
            },
            {
                name: "not applied, verification warn: created with what Graph holds, and a warning",
                inputs: declare4,
                arrange: (g) => (g.applyWrites = false),
                context: { verify: { mode: "warn", timeoutMs: 0 } },
                outcome: { returns: { id: APP, outputs: { mobileAppId: APP, ...TENANT, declaredCounters: ["installedDeviceCount"], summaryId: "summary-1" } } },
                calls: [GET, PATCH_4, GET],
                log: [/^intune: warning: Graph accepted the PATCH .* installedDeviceCount = 1 instead of 4/],
            },
            {
                name: "not applied, verification off: created with what Graph holds, no warning",
                inputs: declare4,
                arrange: (g) => (g.applyWrites = false),
                context: { verify: { mode: "off", timeoutMs: 0 } },
                outcome: { returns: { id: APP, outputs: { mobileAppId: APP, ...TENANT, declaredCounters: ["installedDeviceCount"], summaryId: "summary-1" } } },
                calls: [GET, PATCH_4, GET],
            },
            {
                name: "a 200 whose entity lacks a declared counter is read back with GET",
                inputs: declare4,
                arrange: (g) => {
                    g.patchStatus = 200;
                    g.echoOmits = ["installedDeviceCount"];
                },
                outcome: { returns: { id: APP, outputs: written } },
                calls: [GET, PATCH_4, GET],
            },
        ];
        for (const c of cases) {
            it(c.name, () => check(c, (ctx) => createSummary(c.inputs, ctx)));
        }
    });

    describe("updateSummary", () => {
        const upper = APP.toUpperCase();
        /** What the tenant holds after the create. */
        const AFTER_CREATE: CounterValues = { installedDeviceCount: 4, failedDeviceCount: 2 };
        /** What the state holds after creating with installedDeviceCount 4. */
        const olds: Readonly<Record<string, unknown>> = {
            mobileAppId: APP,
            installedDeviceCount: 4,
            failedDeviceCount: 2,
            declaredCounters: ["installedDeviceCount"],
            summaryId: "summary-1",
        } satisfies SummaryOutputs;
        const cases: Array<Case & { id?: string; olds?: Record<string, unknown>; news: CheckedInputs }> = [
            {
                name: "PATCHes only the counters that changed, then reads back",
                news: { mobileAppId: APP, installedDeviceCount: 6 },
                outcome: { returns: { ...olds, installedDeviceCount: 6 } },
                calls: [`PATCH ${APP} {"installedDeviceCount":6}`, GET],
            },
            {
                name: "a change of bookkeeping only (restoreOnDestroy) sends nothing",
                news: { mobileAppId: APP, installedDeviceCount: 4, restoreOnDestroy: false },
                outcome: { returns: { ...olds, restoreOnDestroy: false } },
                calls: [],
            },
            {
                name: "a counter declared now is written; restoreOnDestroy turned on records its value before adoption, not those written earlier",
                news: { mobileAppId: APP, installedDeviceCount: 4, failedDeviceCount: 0, restoreOnDestroy: true },
                outcome: {
                    returns: {
                        ...olds,
                        failedDeviceCount: 0,
                        declaredCounters: ["installedDeviceCount", "failedDeviceCount"],
                        restoreOnDestroy: true,
                        valuesBeforeAdoption: { failedDeviceCount: 2 },
                    },
                },
                calls: [`PATCH ${APP} {"failedDeviceCount":0}`, GET],
            },
            {
                name: "a value recorded before adoption earlier is kept",
                olds: { ...olds, restoreOnDestroy: true, valuesBeforeAdoption: { installedDeviceCount: 9 } },
                news: { mobileAppId: APP, installedDeviceCount: 5, restoreOnDestroy: true },
                outcome: { returns: { ...olds, installedDeviceCount: 5, restoreOnDestroy: true, valuesBeforeAdoption: { installedDeviceCount: 9 } } },
                calls: [`PATCH ${APP} {"installedDeviceCount":5}`, GET],
            },
            {
                name: "a counter declared, dropped and declared again keeps the value recorded when it was first written",
                olds: { ...olds, restoreOnDestroy: true, valuesBeforeAdoption: { installedDeviceCount: 0, failedDeviceCount: 9 } },
                news: { mobileAppId: APP, installedDeviceCount: 4, failedDeviceCount: 0, restoreOnDestroy: true },
                outcome: {
                    returns: {
                        ...olds,
                        failedDeviceCount: 0,
                        declaredCounters: ["installedDeviceCount", "failedDeviceCount"],
                        restoreOnDestroy: true,
                        valuesBeforeAdoption: { installedDeviceCount: 0, failedDeviceCount: 9 },
                    },
                },
                calls: [`PATCH ${APP} {"failedDeviceCount":0}`, GET],
            },
            {
                name: "an upper-case id from the engine: requests and outputs use it in lower case",
                id: upper,
                news: { mobileAppId: APP, installedDeviceCount: 6 },
                outcome: { returns: { ...olds, installedDeviceCount: 6 } },
                calls: [`PATCH ${APP} {"installedDeviceCount":6}`, GET],
            },
            {
                name: "the PATCH is refused: the Graph error, whatever landed (the engine keeps the previous state)",
                news: { mobileAppId: APP, installedDeviceCount: 6 },
                arrange: (g) => g.failures.PATCH.push(graphError("PATCH", "http", 400)),
                outcome: { fails: (e) => isGraphError(e) && e.status === 400 },
                calls: [`PATCH ${APP} {"installedDeviceCount":6}`],
            },
            {
                name: "the PATCH got no answer (maybe landed): the Graph error",
                news: { mobileAppId: APP, installedDeviceCount: 6 },
                arrange: (g) => g.failures.PATCH.push(graphError("PATCH", "network")),
                outcome: { fails: kind("network") },
                calls: [`PATCH ${APP} {"installedDeviceCount":6}`],
            },
            {
                name: "the read-back failed after Graph accepted the PATCH: the read's Graph error",
                news: { mobileAppId: APP, installedDeviceCount: 6 },
                arrange: (g) => g.failures.GET.push(graphError("GET", "timeout")),
                outcome: { fails: kind("timeout") },
                calls: [`PATCH ${APP} {"installedDeviceCount":6}`, GET],
            },
            {
                name: "Graph accepted and did not apply the PATCH: WriteNotAppliedError",
                news: { mobileAppId: APP, installedDeviceCount: 6 },
                arrange: (g) => (g.applyWrites = false),
                outcome: { fails: isWriteNotAppliedError },
                calls: [`PATCH ${APP} {"installedDeviceCount":6}`, GET],
            },
        ];
        for (const c of cases) {
            it(c.name, () => check({ tenant: AFTER_CREATE, ...c }, (ctx) => updateSummary(c.id ?? APP, c.olds ?? olds, c.news, ctx)));
        }
    });

    describe("readSummary", () => {
        const stored: Readonly<Record<string, unknown>> = {
            mobileAppId: APP,
            installedDeviceCount: 4,
            declaredCounters: ["installedDeviceCount"],
            restoreOnDestroy: true,
            valuesBeforeAdoption: { installedDeviceCount: 0 },
        } satisfies SummaryOutputs;
        /** What a read of the tenant returns: live counters, the stored bookkeeping, the declared counters at their live values as inputs. */
        const found = {
            id: APP,
            outputs: { ...stored, ...TENANT, summaryId: "summary-1" },
            inputs: { mobileAppId: APP, installedDeviceCount: 1, restoreOnDestroy: true },
        };
        const cases: Array<Case & { id: string; props?: Record<string, unknown> }> = [
            {
                name: "returns the live values, keeps the bookkeeping, and the declared counters at their live values as inputs",
                id: APP,
                outcome: { returns: found },
                calls: [GET],
            },
            { name: "an upper-case id is read and returned in lower case", id: APP.toUpperCase(), outcome: { returns: found }, calls: [GET] },
            {
                name: "no id: the stored mobileAppId, in lower case",
                id: "",
                props: { ...stored, mobileAppId: APP.toUpperCase() },
                outcome: { returns: found },
                calls: [GET],
            },
            {
                name: "the app no longer exists: gone (undefined), said in the log",
                id: APP,
                arrange: (g) => g.failures.GET.push(graphError("GET", "appNotFound", 404)),
                outcome: { returns: undefined },
                calls: [GET],
                log: [/^intune: read .*: the app no longer exists in the tenant; the resource is removed from the stack\.\n$/],
            },
            {
                name: "any other failure is thrown",
                id: APP,
                arrange: (g) => g.failures.GET.push(graphError("GET", "summaryUnavailable", 400)),
                outcome: { fails: kind("summaryUnavailable") },
                calls: [GET],
            },
        ];
        for (const c of cases) {
            it(c.name, () => check(c, (ctx) => readSummary(c.id, c.props ?? stored, ctx)));
        }
    });

    describe("deleteSummary", () => {
        const restorable: Readonly<Record<string, unknown>> = {
            mobileAppId: APP,
            installedDeviceCount: 4,
            declaredCounters: ["installedDeviceCount"],
            restoreOnDestroy: true,
            valuesBeforeAdoption: { installedDeviceCount: 1 },
        } satisfies SummaryOutputs;
        const PATCH_BACK = `PATCH ${APP} {"installedDeviceCount":1}`;
        const cannotRestore = (cause: RegExp, unlike?: RegExp) => (e: unknown) =>
            isRestoreFailedError(e) &&
            /^Could not restore the install summary of app .* to its values before adoption \(installedDeviceCount = 1\): /.test(e.message) &&
            cause.test(e.message) &&
            !unlike?.test(e.message) &&
            /INTUNE_SKIP_RESTORE_ON_DESTROY=true pulumi destroy/.test(e.message);
        const cases: Array<Case & { id?: string; props: Record<string, unknown> }> = [
            {
                name: "without restoreOnDestroy: nothing is sent, the log says the tenant keeps its values",
                props: { ...restorable, restoreOnDestroy: false },
                outcome: { returns: undefined },
                calls: [],
                log: [/^intune: delete .*: removed from the stack only; the tenant's install summary is left as it is/],
            },
            {
                name: "restoreOnDestroy without recorded values: nothing is sent",
                props: { ...restorable, valuesBeforeAdoption: {} },
                outcome: { returns: undefined },
                calls: [],
                log: [/removed from the stack only/],
            },
            {
                name: "restoreOnDestroy: the values before adoption are PATCHed back and verified",
                props: restorable,
                outcome: { returns: undefined },
                calls: [PATCH_BACK, GET],
                log: [/^intune: delete .*: restored the values seen before adoption \(installedDeviceCount = 1\)\.\n$/],
            },
            {
                name: "an upper-case id restores the lower-case one",
                id: APP.toUpperCase(),
                props: restorable,
                outcome: { returns: undefined },
                calls: [PATCH_BACK, GET],
                log: [new RegExp(`^intune: delete ${APP}: restored the values`)],
            },
            {
                name: "intune:skipRestoreOnDestroy: nothing is sent, a warning names the values left and the setting",
                props: restorable,
                context: { skipRestoreOnDestroy: { origin: "intune:skipRestoreOnDestroy" } },
                outcome: { returns: undefined },
                calls: [],
                log: [
                    /^intune: warning: delete .*: removed from the stack without restoring the values seen before adoption \(installedDeviceCount = 1\), as intune:skipRestoreOnDestroy says/,
                ],
            },
            {
                name: "the app no longer exists: nothing to restore",
                props: restorable,
                arrange: (g) => g.failures.PATCH.push(graphError("PATCH", "appNotFound", 404)),
                outcome: { returns: undefined },
                calls: [PATCH_BACK],
                log: [/^intune: delete .*: the app no longer exists; nothing to restore\.\n$/],
            },
            {
                name: "the restore fails: RestoreFailedError naming the values, the cause and the way out (the resource stays)",
                props: restorable,
                arrange: (g) => g.failures.PATCH.push(graphError("PATCH", "http", 503)),
                outcome: { fails: cannotRestore(/failed: 503: http\./) },
                calls: [PATCH_BACK],
            },
            {
                name: "Graph does not serve the summary: the message leaves out the advice to remove the resource",
                props: restorable,
                arrange: (g) =>
                    g.failures.PATCH.push(graphError("PATCH", "summaryUnavailable", 400, "This is not retried; remove the resource or use another app.")),
                outcome: { fails: cannotRestore(/Graph does not serve its installSummary/, /remove the resource/) },
                calls: [PATCH_BACK],
            },
            {
                name: "Graph accepts the restore and does not apply it: RestoreFailedError with the verification's message",
                props: restorable,
                arrange: (g) => (g.applyWrites = false),
                outcome: { fails: cannotRestore(/did not apply it: .* installedDeviceCount = 4 instead of 1/) },
                calls: [PATCH_BACK, GET],
            },
        ];
        for (const c of cases) {
            it(c.name, () => check({ tenant: { installedDeviceCount: 4 }, ...c }, (ctx) => deleteSummary(c.id ?? APP, c.props, ctx)));
        }
    });
});
