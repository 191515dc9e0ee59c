/**
 * The fault matrix (docs/reliability.md): each row is a fault of Graph or of the network, run
 * through the engine-protocol path (Pulumi's dynamic-provider host over gRPC, configured through
 * stack config) against the emulator. Each asserts what the user sees (the step's outcome and
 * error), the requests Graph received, and the time the step took.
 *
 * Settings of every row (stack config): intune:requestTimeoutMs 1000, intune:operationTimeoutMs
 * 8000, intune:maxRetries 2 (at most 3 attempts), intune:verifyTimeoutMs 1500.
 */
import { strict as assert } from "node:assert";
import { DEFAULT_BEHAVIOUR } from "../../emulator/graphEmulator";
import type { Step } from "../../engine/localEngine";
import type { CounterValues } from "../../provider/model/fields";
import { TEST_TOKEN } from "../support/fixtures";
import {
    AuthorityRig,
    CLIENT,
    FAST_CONFIG,
    Rig,
    TENANT,
    appId,
    exchanges,
    gaps,
    hostEnvTrusting,
    only,
    registration,
    startAuthority,
    startRig,
    timed,
} from "./support/harness";

const SEED: CounterValues = { installedDeviceCount: 1, failedDeviceCount: 2 };
const DECLARED: CounterValues = { installedDeviceCount: 5 };
const PERMISSION = /DeviceManagementApps\.ReadWrite\.All/;

interface FaultCase {
    /** The row of the matrix. */
    name: string;
    /** `create` (default): a pulumi up adopting the summary. `refresh`: a clean up first, then the refresh under the fault. */
    op?: "create" | "refresh";
    /** The app is not in the tenant at all, or its summary is retired (404 while the app exists). */
    app?: "missing" | "retired";
    /** Scripts the fault; runs right before the step. */
    arrange?: (rig: Rig, id: string) => void;
    /** `METHOD status` of every Graph request of the step, joined by ", " (a RegExp where re-reads vary). */
    exchanges: string | RegExp;
    /** Undefined: the step succeeds. */
    error?: RegExp;
    /** The stack holds the resource after the step (default: when it succeeded). */
    recorded?: boolean;
    /** What the tenant holds afterwards: the declared value or the seeded one. */
    tenant?: "declared" | "seed" | "gone";
    /** Lower bound of the time between the first and second request (a wait that must be honoured). */
    minGapMs?: number;
    /** Bounds of the step's wall time. */
    minMs?: number;
    maxMs: number;
}

const htmlBody = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";

const CASES: FaultCase[] = [
    {
        name: "429 with Retry-After in seconds (1)",
        arrange: (r) => r.emulator.script({ method: "PATCH", status: 429, code: "TooManyRequests", headers: { "Retry-After": "1" } }),
        exchanges: "GET 200, PATCH 429, PATCH 204, GET 200",
        minGapMs: 950,
        maxMs: 6_000,
    },
    {
        name: "429 with Retry-After as an HTTP date (about 3 s ahead)",
        // Whole seconds: the date is 2.5 to 3.5 s ahead when scripted, so at least 1 s ahead when the PATCH arrives.
        arrange: (r) =>
            r.emulator.script({
                method: "PATCH",
                status: 429,
                code: "TooManyRequests",
                headers: { "Retry-After": new Date(Date.now() + 3_500).toUTCString() },
            }),
        exchanges: "GET 200, PATCH 429, PATCH 204, GET 200",
        minGapMs: 1_000,
        maxMs: 8_000,
    },
    {
        name: "429 without Retry-After",
        arrange: (r) => r.emulator.script({ method: "PATCH", status: 429, code: "TooManyRequests" }),
        exchanges: "GET 200, PATCH 429, PATCH 204, GET 200",
        minGapMs: 200,
        maxMs: 5_000,
    },
    {
        name: "429 with Retry-After 3600, beyond intune:operationTimeoutMs",
        arrange: (r) => r.emulator.script({ method: "PATCH", status: 429, code: "TooManyRequests", headers: { "Retry-After": "3600" } }),
        exchanges: "GET 200, PATCH 429",
        error: /429 TooManyRequests: .*Graph asked to wait 3600 s before retrying, longer than what is left of intune:operationTimeoutMs \(8000 ms\), so the provider stopped instead of sleeping past it/,
        tenant: "seed",
        maxMs: 3_000,
    },
    {
        name: "503 with Retry-After (1)",
        arrange: (r) => r.emulator.script({ method: "PATCH", status: 503, code: "ServiceUnavailable", headers: { "Retry-After": "1" } }),
        exchanges: "GET 200, PATCH 503, PATCH 204, GET 200",
        minGapMs: 950,
        maxMs: 6_000,
    },
    {
        name: "503 without Retry-After",
        arrange: (r) => r.emulator.script({ method: "PATCH", status: 503, code: "ServiceUnavailable" }),
        exchanges: "GET 200, PATCH 503, PATCH 204, GET 200",
        minGapMs: 200,
        maxMs: 5_000,
    },
    {
        name: "504 with Retry-After (1)",
        arrange: (r) => r.emulator.script({ method: "PATCH", status: 504, code: "GatewayTimeout", headers: { "Retry-After": "1" } }),
        exchanges: "GET 200, PATCH 504, PATCH 204, GET 200",
        minGapMs: 950,
        maxMs: 6_000,
    },
    {
        name: "504 without Retry-After",
        arrange: (r) => r.emulator.script({ method: "PATCH", status: 504, code: "GatewayTimeout" }),
        exchanges: "GET 200, PATCH 504, PATCH 204, GET 200",
        minGapMs: 200,
        maxMs: 5_000,
    },
    {
        name: "503 on every attempt",
        arrange: (r) => r.emulator.script({ method: "PATCH", status: 503, code: "ServiceUnavailable", times: 3 }),
        exchanges: "GET 200, PATCH 503, PATCH 503, PATCH 503",
        error: /failed after 3 attempts: 503 ServiceUnavailable: .*Gave up after intune:maxRetries \(2\) retries\./,
        tenant: "seed",
        maxMs: 6_000,
    },
    {
        name: "500 with a Graph error body, once",
        arrange: (r) => r.emulator.script({ method: "PATCH", status: 500, code: "InternalServerError" }),
        exchanges: "GET 200, PATCH 500, PATCH 204, GET 200",
        maxMs: 5_000,
    },
    {
        name: "500 with a Graph error body, every attempt",
        arrange: (r) => r.emulator.script({ method: "PATCH", status: 500, code: "InternalServerError", times: 3 }),
        exchanges: "GET 200, PATCH 500, PATCH 500, PATCH 500",
        error: /failed after 3 attempts: 500 InternalServerError: Scripted fault: 500\. Graph had a server-side failure.*Gave up after intune:maxRetries \(2\) retries\. \(request-id [0-9a-f-]{36}, client-request-id [0-9a-f-]{36}\)/,
        tenant: "seed",
        maxMs: 6_000,
    },
    {
        name: "502 with an HTML body, once",
        arrange: (r) => r.emulator.script({ method: "PATCH", status: 502, body: htmlBody, contentType: "text/html" }),
        exchanges: "GET 200, PATCH 502, PATCH 204, GET 200",
        maxMs: 5_000,
    },
    {
        name: "502 with an HTML body, every attempt",
        arrange: (r) => r.emulator.script({ method: "PATCH", status: 502, body: htmlBody, contentType: "text/html", times: 3 }),
        exchanges: "GET 200, PATCH 502, PATCH 502, PATCH 502",
        error: /failed after 3 attempts: 502: a body that is not a Graph error \(text\/html\)\. Graph had a server-side failure/,
        tenant: "seed",
        maxMs: 6_000,
    },
    {
        name: "connection reset mid-request, once",
        arrange: (r) => r.emulator.script({ method: "PATCH", reset: true }),
        exchanges: "GET 200, PATCH reset, PATCH 204, GET 200",
        maxMs: 5_000,
    },
    {
        name: "connection reset on every attempt",
        arrange: (r) => r.emulator.script({ method: "PATCH", reset: true, times: 3 }),
        exchanges: "GET 200, PATCH reset, PATCH reset, PATCH reset",
        error: /failed after 3 attempts: the connection to 127\.0\.0\.1:(\d+) failed or was reset before an answer\. 127\.0\.0\.1:\1 is the Graph host of intune:graphEndpoint: check it, and the network path to it \(proxy, firewall, DNS\)\./,
        tenant: "seed",
        maxMs: 6_000,
    },
    {
        name: "accepts the connection and never answers, once",
        arrange: (r) => r.emulator.script({ method: "PATCH", hang: true }),
        exchanges: "GET 200, PATCH hang, PATCH 204, GET 200",
        minGapMs: 950,
        maxMs: 6_000,
    },
    {
        name: "accepts the connection and never answers, every attempt",
        arrange: (r) => r.emulator.script({ method: "PATCH", hang: true, times: 3 }),
        exchanges: "GET 200, PATCH hang, PATCH hang, PATCH hang",
        error: /failed after 3 attempts: no answer from 127\.0\.0\.1:(\d+) within intune:requestTimeoutMs \(1000 ms\)\. 127\.0\.0\.1:\1 is the Graph host of intune:graphEndpoint: check it, and the network path to it \(proxy, firewall\)\./,
        tenant: "seed",
        minMs: 2_900,
        maxMs: 9_000,
    },
    {
        name: "401 once with a fixed intune:accessToken (cannot be renewed)",
        arrange: (r) => r.emulator.script({ method: "PATCH", status: 401, code: "InvalidAuthenticationToken" }),
        exchanges: "GET 200, PATCH 401",
        // The hint is about the token in use: no tenant or client id is involved.
        error: new RegExp(
            `^(?!.*intune:tenantId).*401 InvalidAuthenticationToken: .*The bearer token was rejected \\(InvalidAuthenticationToken\\): the token of intune:accessToken \\(or INTUNE_ACCESS_TOKEN\\) is sent as it is and never renewed: get a new one for Microsoft Graph of the configured intune:cloud, and check that it has not expired\\. The app needs the Microsoft Graph application permission ${PERMISSION.source}`,
        ),
        tenant: "seed",
        maxMs: 3_000,
    },
    {
        name: "401 always: a token Graph does not accept",
        arrange: (r) => r.emulator.tokens.delete(TEST_TOKEN),
        exchanges: "GET 401",
        error: new RegExp(`401 InvalidAuthenticationToken: Access token validation failure\\..*The bearer token was rejected.*${PERMISSION.source}`),
        tenant: "seed",
        maxMs: 3_000,
    },
    {
        name: "403",
        arrange: (r) => r.emulator.script({ method: "PATCH", status: 403, code: "Authorization_RequestDenied" }),
        exchanges: "GET 200, PATCH 403",
        error: new RegExp(
            `403 Authorization_RequestDenied: .*Access denied: grant the app registration the Microsoft Graph application permission ${PERMISSION.source} with admin consent`,
        ),
        tenant: "seed",
        maxMs: 3_000,
    },
    {
        name: "404 for the app (no such app)",
        app: "missing",
        exchanges: "GET 404, GET 404",
        error: /404 ResourceNotFound: .*No mobile app with id c0ffee00-0000-4000-8000-[0-9a-f]{12} exists in this tenant\. mobileAppId is the app's object id in Intune/,
        tenant: "gone",
        maxMs: 3_000,
    },
    {
        name: "404 for installSummary of an existing app (retired endpoint)",
        app: "retired",
        exchanges: "GET 404, GET 200",
        error: /404 BadRequest: .*The app exists, but Graph does not serve its installSummary.*This is not retried; remove the resource or use another app\./,
        tenant: "seed",
        maxMs: 3_000,
    },
    {
        name: "400 for installSummary of an existing app",
        arrange: (r) => r.emulator.script({ method: "PATCH", status: 400, code: "BadRequest" }),
        exchanges: "GET 200, PATCH 400, GET 200",
        error: /400 BadRequest: .*The app exists, but Graph does not serve its installSummary/,
        tenant: "seed",
        maxMs: 3_000,
    },
    {
        name: "malformed JSON on a 200 to PATCH (the write was accepted: read back)",
        arrange: (r, id) => {
            // Graph applied the write and garbled the echo: the scripted answers stand in for the read
            // before it (the seeded values) and for its answer, and the tenant holds what it wrote.
            r.emulator.script({ method: "GET", status: 200, body: JSON.stringify({ id: "summary", ...SEED }) });
            r.emulator.script({ method: "PATCH", status: 200, body: '{"installedDeviceCount": 5,' });
            r.emulator.setCounters(id, DECLARED);
        },
        exchanges: "GET 200, PATCH 200, GET 200",
        maxMs: 3_000,
    },
    {
        name: "a 200 to PATCH whose body is cut short (Content-Length larger than the body, then a stall): not sent again, read back",
        arrange: (r) => r.emulator.script({ method: "PATCH", truncateBody: true }),
        exchanges: "GET 200, PATCH 200, GET 200",
        maxMs: 3_000,
    },
    {
        name: "malformed JSON on a 200 to GET (refresh)",
        op: "refresh",
        arrange: (r) => r.emulator.script({ method: "GET", status: 200, body: '{"installedDeviceCount": 5,' }),
        exchanges: "GET 200",
        error: /Graph GET .*\/installSummary failed: 200: the answer is not the JSON object expected \(starts with .*\)\. A proxy or gateway between this machine and Graph may have answered; try again, and check intune:graphEndpoint\./,
        recorded: true,
        tenant: "declared",
        maxMs: 3_000,
    },
    {
        name: "PATCH accepted but not applied (write verification)",
        arrange: (r) => {
            r.emulator.behaviour.ignoreWrites = true;
        },
        exchanges: /^GET 200, PATCH 204, GET 200(, GET 200){1,3}$/,
        error: /Graph accepted the PATCH of the install summary of app c0ffee00-[0-9a-f-]+ \(request-id [0-9a-f-]{36}\) but did not apply it: reading back \d+\.\d s later still shows installedDeviceCount = 1 instead of 5 .*Stop declaring these counters, or set intune:writeVerification to warn/,
        recorded: true,
        tenant: "seed",
        minMs: 600, // re-reads after 200 and 400 ms at least
        maxMs: 6_000,
    },
    {
        name: "write applied only after a delay (eventual consistency, 300 ms)",
        arrange: (r) => {
            r.emulator.behaviour.applyDelayMs = 300;
        },
        exchanges: /^GET 200, PATCH 204, GET 200(, GET 200){1,3}$/,
        minMs: 300,
        maxMs: 6_000,
    },
    {
        name: "resource deleted behind Pulumi's back (refresh)",
        op: "refresh",
        arrange: (r, id) => r.emulator.deleteApp(id),
        exchanges: "GET 404, GET 404",
        recorded: false,
        tenant: "gone",
        maxMs: 3_000,
    },
];

/** Rows of the matrix as measured, printed with RELIABILITY_REPORT=1 (the docs table's numbers). */
const measured: string[] = [];
after(() => {
    if (process.env.RELIABILITY_REPORT && measured.length) {
        console.log(measured.join("\n"));
    }
});

describe("reliability: fault matrix through the engine protocol", function () {
    this.timeout(60_000);
    let rig: Rig;
    let n = 0;

    before(async () => {
        rig = await startRig({ config: FAST_CONFIG });
    });
    after(async () => {
        if (process.env.RELIABILITY_REPORT && rig) {
            measured.push(rig.stack.host.stderr);
        }
        await rig?.stop();
    });
    afterEach(() => {
        rig.emulator.clearFaults();
        rig.emulator.behaviour = { ...DEFAULT_BEHAVIOUR };
        rig.emulator.tokens.add(TEST_TOKEN);
    });

    for (const c of CASES) {
        it(c.name, async () => {
            const id = appId(++n);
            if (c.app !== "missing") {
                rig.emulator.addApp(id, SEED);
            }
            if (c.app === "retired") {
                rig.emulator.apps.get(id)!.summaryRetired = true;
            }
            const engine = rig.engine();
            const reg = await registration(`fault-${n}`, { mobileAppId: id, ...DECLARED });
            if (c.op === "refresh") {
                const setup = await engine.up([reg]);
                assert.deepEqual(
                    setup.map((s) => s.error),
                    [undefined],
                    "the resource is created before the refresh",
                );
            }
            const stateBefore = engine.snapshot();
            rig.emulator.clearRequests();
            c.arrange?.(rig, id);

            const { result: steps, ms } = await timed<Step[]>(() => (c.op === "refresh" ? engine.refresh() : engine.up([reg])));
            const requests = rig.emulator.graphRequests();
            measured.push(`${c.name} | ${steps[0].op} | ${exchanges(requests).join(", ")} | ${ms} ms | ${steps[0].error ?? "-"}`);

            assert.equal(steps.length, 1);
            const step = steps[0];
            if (c.error) {
                assert.match(step.error ?? "(no error)", c.error);
            } else {
                assert.equal(step.error, undefined, `unexpected error: ${step.error}`);
            }
            const seen = exchanges(requests).join(", ");
            if (typeof c.exchanges === "string") {
                assert.equal(seen, c.exchanges, "requests sent");
            } else {
                assert.match(seen, c.exchanges, "requests sent");
            }
            assert.ok(ms <= c.maxMs, `took ${ms} ms, more than ${c.maxMs} ms`);
            if (c.minMs !== undefined) {
                assert.ok(ms >= c.minMs, `took ${ms} ms, less than ${c.minMs} ms`);
            }
            if (c.minGapMs !== undefined) {
                // A create's first request is the read before the write; the fault is on the write after it.
                const gap = gaps(requests)[c.op === "refresh" ? 0 : 1];
                assert.ok(gap >= c.minGapMs, `retried after ${gap} ms, sooner than ${c.minGapMs} ms`);
            }

            const recorded = c.recorded ?? !c.error;
            const resource = only(engine);
            assert.equal(resource !== undefined, recorded, recorded ? "the stack records the resource" : "the stack holds nothing");
            if (c.op === "refresh" && c.error) {
                assert.deepEqual(engine.snapshot(), stateBefore, "a failed refresh leaves the state as it was");
            }
            const tenant = c.tenant ?? (c.error ? "seed" : "declared");
            if (tenant === "gone") {
                assert.equal(rig.emulator.apps.has(id), false);
            } else {
                const expected = tenant === "declared" ? DECLARED.installedDeviceCount : SEED.installedDeviceCount;
                assert.equal(rig.emulator.counters(id).installedDeviceCount, expected, "the tenant's value");
                if (!c.error && c.op !== "refresh") {
                    assert.equal(resource!.outputs.installedDeviceCount, expected, "outputs as read back");
                }
            }
            if (!c.error && requests.length > 3 && c.op !== "refresh" && !c.name.includes("eventual")) {
                // A retried operation says so on the host's stderr (the CLI shows it).
                assert.match(rig.stack.host.stderr, new RegExp(`intune: create ${id}: 4 requests; 1 retry \\(answers [^)]*\\)`));
            }
        });
    }

    it("writes no HTTP trace by default (intune:logLevel info), only the summary lines of noteworthy operations", () => {
        assert.match(rig.stack.host.stderr, /intune: create c0ffee00-[0-9a-f-]+: 4 requests; 1 retry/);
        assert.doesNotMatch(rig.stack.host.stderr, /intune: (->|<-) |authorization=/);
    });
});

describe("reliability: 401 with a credential that can be renewed (fake authority)", function () {
    this.timeout(60_000);
    const SECRET = "fault-matrix-client-secret-8d2f";
    let authority: AuthorityRig;
    let rig: Rig;
    let n = 100;

    before(async () => {
        authority = await startAuthority({ secret: SECRET });
        rig = await startRig({
            accessToken: false,
            registry: authority.registry,
            config: { ...FAST_CONFIG, "intune:tenantId": TENANT, "intune:clientId": CLIENT, "intune:authorityHost": authority.url },
            secretConfig: { "intune:clientSecret": SECRET },
            hostEnv: hostEnvTrusting(authority.tls),
        });
    });
    after(async () => {
        await rig?.stop();
        await authority?.stop();
    });
    afterEach(() => rig.emulator.clearFaults());

    async function up(): Promise<{ id: string; step: Step; ms: number; tokenRequests: number }> {
        const id = appId(++n);
        rig.emulator.addApp(id, SEED);
        const engine = rig.engine();
        const reg = await registration(`renew-${n}`, { mobileAppId: id, ...DECLARED });
        const tokensBefore = authority.authority.tokenRequests.length;
        const { result, ms } = await timed(() => engine.up([reg]));
        return { id, step: result[0], ms, tokenRequests: authority.authority.tokenRequests.length - tokensBefore };
    }

    it("a first operation signs in once", async () => {
        rig.emulator.clearRequests();
        const { step, tokenRequests } = await up();
        assert.equal(step.error, undefined);
        assert.equal(tokenRequests, 1);
        assert.equal(exchanges(rig.emulator.graphRequests()).join(", "), "GET 200, PATCH 204, GET 200");
    });

    it("401 once: the token is renewed (a second token request) and the request retried once", async () => {
        rig.emulator.clearRequests();
        rig.emulator.script({ method: "PATCH", status: 401, code: "InvalidAuthenticationToken" });
        const { id, step, ms, tokenRequests } = await up();
        measured.push(`401 once, credential | ${step.op} | ${exchanges(rig.emulator.graphRequests()).join(", ")} | ${ms} ms | token requests ${tokenRequests}`);
        assert.equal(step.error, undefined);
        assert.equal(tokenRequests, 1, "one new token after the 401 (the first one was cached)");
        assert.equal(authority.authority.tokenRequests.length, 2, "the authority saw two token requests in all");
        const requests = rig.emulator.graphRequests();
        assert.equal(exchanges(requests).join(", "), "GET 200, PATCH 401, PATCH 204, GET 200");
        const issued = authority.registry.issued;
        assert.equal(requests[1].authorization, `Bearer ${issued.at(-2)}`, "the rejected request carried the cached token");
        assert.equal(requests[2].authorization, `Bearer ${issued.at(-1)}`, "the retry carried the renewed token");
        assert.equal(rig.emulator.counters(id).installedDeviceCount, 5);
        assert.ok(ms < 6_000, `took ${ms} ms`);
    });

    it("401 always: renewed once, then fails naming the token problem and the permission", async () => {
        rig.emulator.clearRequests();
        rig.emulator.script({ method: "PATCH", status: 401, code: "InvalidAuthenticationToken", times: 5 });
        const { id, step, ms, tokenRequests } = await up();
        measured.push(
            `401 always, credential | ${step.op} (error) | ${exchanges(rig.emulator.graphRequests()).join(", ")} | ${ms} ms | token requests ${tokenRequests}`,
        );
        assert.match(
            step.error ?? "",
            new RegExp(
                `failed after 2 attempts: 401 InvalidAuthenticationToken: .*The bearer token was rejected \\(InvalidAuthenticationToken\\): it was issued by ClientSecretCredential for tenant ${TENANT}, client ${CLIENT} \\(and renewed once\\): check intune:tenantId, intune:clientId and intune:cloud \\(the token must be for Microsoft Graph of that cloud\\)\\. The app needs the Microsoft Graph application permission ${PERMISSION.source}`,
            ),
        );
        assert.equal(exchanges(rig.emulator.graphRequests()).join(", "), "GET 200, PATCH 401, PATCH 401");
        assert.equal(tokenRequests, 1, "one renewal, not one per attempt");
        assert.equal(rig.emulator.counters(id).installedDeviceCount, 1);
        assert.equal(rig.emulator.queuedFaults, 3, "no further attempt was made");
        assert.ok(ms < 6_000, `took ${ms} ms`);
    });
});
