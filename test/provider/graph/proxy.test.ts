/**
 * The proxy of Graph requests: which variable gives the proxy, which hosts NO_PROXY bypasses, how
 * each scheme goes through it (each table also run through @azure/core-rest-pipeline's own
 * proxyPolicy where this provider claims to do as it does), what settings keep and redact, and the
 * Graph client through a forward proxy on 127.0.0.1 (counts, credentials, keep-alive, socket bound,
 * a refusing proxy, a proxy that is down, lazy loading).
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as net from "node:net";
import { getDefaultProxySettings, proxyPolicy } from "@azure/core-rest-pipeline";
import type { PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import { GraphEmulator } from "../../../emulator/graphEmulator";
import { GraphClient, GraphClientOptions } from "../../../provider/graph/client";
import { hintFor } from "../../../provider/graph/errors";
import { NO_PROXY_VARIABLES, PROXY_VARIABLES, ProxyConfig, isBypassed, parseNoProxy, proxyRoute, readProxyEnvironment } from "../../../provider/graph/proxy";
import { DEFAULT_RETRY_OPTIONS } from "../../../provider/graph/retryPolicy";
import { OperationStats } from "../../../provider/graph/stats";
import { createLogger } from "../../../provider/log/log";
import { Redactor, redact } from "../../../provider/log/redaction";
import { isConfigError } from "../../../provider/config/configError";
import { resolveSettings } from "../../../provider/config/settings";
import { ForwardProxy } from "../../support/forwardProxy";
import { APP_IDS, REPO_ROOT, TEST_TOKEN } from "../../support/fixtures";
import { graphFailure, testClient } from "../../support/graphClient";

const [APP] = APP_IDS;
const PASSWORD = "Pr0xy-pa55word:with@odd/chars";
const ENCODED = encodeURIComponent(PASSWORD);

/** Whether core-rest-pipeline's proxyPolicy, with `noProxy` as its NO_PROXY list, sends a request to `url` through its proxy. */
async function coreProxies(url: string, noProxy: string): Promise<boolean> {
    // core-rest-pipeline's loadNoProxy: split on commas, trim, drop empty entries.
    const customNoProxyList = noProxy
        .split(",")
        .map((e) => e.trim())
        .filter((e) => e.length);
    const policy = proxyPolicy({ host: "http://proxy.example", port: 3128 }, { customNoProxyList });
    const request = { url, headers: undefined } as unknown as PipelineRequest;
    await policy.sendRequest(request, async (r) => ({ request: r }) as unknown as PipelineResponse);
    return request.agent !== undefined;
}

/** Runs `body` with process.env holding exactly the proxy variables of `vars` (core-rest-pipeline reads process.env). */
function withProxyEnv<T>(vars: Record<string, string>, body: () => T): T {
    const names = [...PROXY_VARIABLES, ...NO_PROXY_VARIABLES];
    const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
    names.forEach((n) => delete process.env[n]);
    Object.assign(process.env, vars);
    try {
        return body();
    } finally {
        names.forEach((n) => (saved[n] === undefined ? delete process.env[n] : (process.env[n] = saved[n])));
    }
}

describe("provider/graph/proxy", () => {
    describe("NO_PROXY: which hosts go direct", () => {
        // core: true where core-rest-pipeline decides the same; false where this provider goes further on purpose.
        const cases: Array<{ noProxy: string; url: string; bypassed: boolean; core: boolean; why: string }> = [
            { noProxy: "", url: "https://graph.microsoft.com/beta", bypassed: false, core: true, why: "nothing listed" },
            { noProxy: "graph.microsoft.com", url: "https://graph.microsoft.com/beta", bypassed: true, core: true, why: "the host itself" },
            { noProxy: "microsoft.com", url: "https://graph.microsoft.com/beta", bypassed: false, core: true, why: "a bare domain is that host only" },
            { noProxy: ".microsoft.com", url: "https://graph.microsoft.com/beta", bypassed: true, core: true, why: ".suffix: hosts under it" },
            { noProxy: ".microsoft.com", url: "https://microsoft.com/", bypassed: true, core: true, why: ".suffix: the domain itself" },
            { noProxy: ".microsoft.com", url: "https://notmicrosoft.com/", bypassed: false, core: true, why: ".suffix is not a string suffix" },
            {
                noProxy: "login.microsoftonline.com, graph.microsoft.com ,",
                url: "https://graph.microsoft.com/",
                bypassed: true,
                core: true,
                why: "list: trimmed",
            },
            { noProxy: "localhost", url: "http://127.0.0.1:8719/beta", bypassed: false, core: true, why: "localhost is not 127.0.0.1" },
            { noProxy: "", url: "http://127.0.0.1:8719/beta", bypassed: false, core: true, why: "loopback is not bypassed unless listed" },
            { noProxy: "", url: "http://localhost:8719/beta", bypassed: false, core: true, why: "localhost is not bypassed unless listed" },
            { noProxy: "", url: "http://[::1]:8719/beta", bypassed: false, core: true, why: "::1 is not bypassed unless listed" },
            { noProxy: "127.0.0.1", url: "http://127.0.0.1:8719/beta", bypassed: true, core: true, why: "loopback listed" },
            { noProxy: "127.0.0.1:8719", url: "http://127.0.0.1:8719/beta", bypassed: false, core: true, why: "an entry with a port matches nothing" },
            { noProxy: "[::1]", url: "http://[::1]:8719/beta", bypassed: true, core: true, why: "IPv6 in brackets" },
            { noProxy: "*", url: "https://graph.microsoft.com/beta", bypassed: true, core: false, why: "* bypasses every host" },
            { noProxy: "*.microsoft.com", url: "https://graph.microsoft.com/beta", bypassed: true, core: false, why: "*.suffix is .suffix" },
            { noProxy: "*.microsoft.com", url: "https://microsoft.com/", bypassed: true, core: false, why: "*.suffix: the domain itself" },
            { noProxy: "*.microsoft.com", url: "https://evilmicrosoft.com/", bypassed: false, core: true, why: "*.suffix is not a string suffix" },
            { noProxy: "Graph.Microsoft.COM", url: "https://graph.microsoft.com/", bypassed: true, core: false, why: "entries are compared without case" },
            { noProxy: "::1", url: "http://[::1]:8719/beta", bypassed: true, core: false, why: "IPv6 without brackets" },
        ];
        for (const c of cases) {
            it(`NO_PROXY=${JSON.stringify(c.noProxy)}, ${c.url}: ${c.bypassed ? "direct" : "through the proxy"} (${c.why})`, async () => {
                assert.equal(isBypassed(new URL(c.url).hostname, parseNoProxy(c.noProxy)), c.bypassed);
                assert.equal(
                    await coreProxies(c.url, c.noProxy),
                    c.core ? !c.bypassed : c.bypassed,
                    "core-rest-pipeline's proxyPolicy decides as the table says",
                );
            });
        }

        it("parses the list: comma-separated, trimmed, empty entries dropped, lower case, IPv6 without brackets", () => {
            assert.deepEqual(parseNoProxy(" a.example.com , ,.B.example.com,[::1],"), ["a.example.com", ".b.example.com", "::1"]);
        });
    });

    describe("which proxy, and how each scheme goes through it", () => {
        const PROXY = "http://proxy.example:3128";
        const cases: Array<{ name: string; env: Record<string, string>; url: string; expected?: { proxy: string; origin: string; via: string } }> = [
            { name: "no variable: direct", env: {}, url: "https://graph.microsoft.com/beta" },
            {
                name: "HTTPS_PROXY, an https target: a CONNECT tunnel",
                env: { HTTPS_PROXY: PROXY },
                url: "https://graph.microsoft.com/beta",
                expected: { proxy: PROXY, origin: "HTTPS_PROXY", via: "CONNECT" },
            },
            {
                name: "HTTPS_PROXY, an http target: the same proxy, with the absolute URI",
                env: { HTTPS_PROXY: PROXY },
                url: "http://127.0.0.1:8719/beta",
                expected: { proxy: PROXY, origin: "HTTPS_PROXY", via: "absolute-URI" },
            },
            {
                name: "HTTP_PROXY alone also serves https targets (one proxy for all, as core-rest-pipeline)",
                env: { HTTP_PROXY: PROXY },
                url: "https://graph.microsoft.com/beta",
                expected: { proxy: PROXY, origin: "HTTP_PROXY", via: "CONNECT" },
            },
            {
                name: "HTTPS_PROXY before HTTP_PROXY, for http targets too",
                env: { HTTP_PROXY: "http://other.example:8080", HTTPS_PROXY: PROXY },
                url: "http://127.0.0.1:8719/beta",
                expected: { proxy: PROXY, origin: "HTTPS_PROXY", via: "absolute-URI" },
            },
            {
                name: "ALL_PROXY after HTTPS_PROXY, before HTTP_PROXY",
                env: { HTTP_PROXY: "http://other.example:8080", ALL_PROXY: PROXY },
                url: "https://graph.microsoft.com/beta",
                expected: { proxy: PROXY, origin: "ALL_PROXY", via: "CONNECT" },
            },
            {
                name: "lower-case https_proxy",
                env: { https_proxy: PROXY },
                url: "https://graph.microsoft.com/beta",
                expected: { proxy: PROXY, origin: "https_proxy", via: "CONNECT" },
            },
            {
                name: "upper case before lower case",
                env: { https_proxy: "http://other.example:8080", HTTPS_PROXY: PROXY },
                url: "https://graph.microsoft.com/beta",
                expected: { proxy: PROXY, origin: "HTTPS_PROXY", via: "CONNECT" },
            },
            {
                name: "lower-case https_proxy before upper-case HTTP_PROXY",
                env: { HTTP_PROXY: "http://other.example:8080", https_proxy: PROXY },
                url: "https://graph.microsoft.com/beta",
                expected: { proxy: PROXY, origin: "https_proxy", via: "CONNECT" },
            },
            {
                name: "an empty HTTPS_PROXY is unset",
                env: { HTTPS_PROXY: "", HTTP_PROXY: PROXY },
                url: "https://graph.microsoft.com/beta",
                expected: { proxy: PROXY, origin: "HTTP_PROXY", via: "CONNECT" },
            },
            {
                name: "a proxy speaking TLS (https://)",
                env: { HTTPS_PROXY: "https://proxy.example:8443" },
                url: "https://graph.microsoft.com/beta",
                expected: { proxy: "https://proxy.example:8443", origin: "HTTPS_PROXY", via: "CONNECT" },
            },
            { name: "NO_PROXY lists the host: direct", env: { HTTPS_PROXY: PROXY, NO_PROXY: "graph.microsoft.com" }, url: "https://graph.microsoft.com/beta" },
            { name: "lower-case no_proxy", env: { HTTPS_PROXY: PROXY, no_proxy: ".microsoft.com" }, url: "https://graph.microsoft.com/beta" },
            {
                name: "NO_PROXY before no_proxy",
                env: { HTTPS_PROXY: PROXY, NO_PROXY: "login.microsoftonline.com", no_proxy: "graph.microsoft.com" },
                url: "https://graph.microsoft.com/beta",
                expected: { proxy: PROXY, origin: "HTTPS_PROXY", via: "CONNECT" },
            },
        ];
        for (const c of cases) {
            it(c.name, () => {
                const { proxy, problems } = readProxyEnvironment(c.env);
                assert.deepEqual(problems, []);
                const route = proxyRoute(c.url, proxy);
                assert.deepEqual(route && { proxy: route.proxy.url, origin: route.proxy.origin, via: route.via }, c.expected);
                // The proxy core-rest-pipeline takes from the same environment (for every URL: it has one).
                const core = withProxyEnv(c.env, () => getDefaultProxySettings());
                assert.equal(core && `${core.host}:${core.port}`, proxy?.url);
            });
        }

        it("a proxy without a scheme is http:// (as curl); core-rest-pipeline cannot use it", () => {
            const { proxy } = readProxyEnvironment({ HTTPS_PROXY: "proxy.example:3128" });
            assert.equal(proxy?.url, "http://proxy.example:3128");
        });

        it("credentials: decoded for Proxy-Authorization, kept out of the URL; the password in every form is a secret", () => {
            const { proxy, secrets } = readProxyEnvironment({ HTTPS_PROXY: `http://alice%40corp:${ENCODED}@proxy.example:3128/` });
            assert.equal(proxy?.url, "http://proxy.example:3128");
            assert.deepEqual(proxy?.credentials, { username: "alice@corp", password: PASSWORD });
            const basic = `Basic ${Buffer.from(`alice@corp:${PASSWORD}`).toString("base64")}`;
            assert.deepEqual(new Set(secrets), new Set([ENCODED, PASSWORD, basic]));
        });

        const userInfo = [
            {
                name: "a user name alone",
                value: "http://alice@proxy.example:3128",
                credentials: { username: "alice", password: "" },
                secrets: [`Basic ${Buffer.from("alice:").toString("base64")}`],
            },
            {
                name: "a password alone",
                value: "http://:pw0rd@proxy.example:3128",
                credentials: { username: "", password: "pw0rd" },
                secrets: ["pw0rd", `Basic ${Buffer.from(":pw0rd").toString("base64")}`],
            },
            { name: "none", value: "http://proxy.example:3128", credentials: undefined, secrets: [] },
        ];
        for (const c of userInfo) {
            it(`user info: ${c.name}; an empty password is no secret, and each secret is listed once`, () => {
                const { proxy, secrets } = readProxyEnvironment({ HTTPS_PROXY: c.value });
                assert.deepEqual(proxy?.credentials, c.credentials);
                assert.deepEqual(secrets, c.secrets);
            });
        }

        it("a scheme in capitals and spaces around the value are read", () => {
            const { proxy } = readProxyEnvironment({ HTTPS_PROXY: "  HTTPS://proxy.example:8443  " });
            assert.equal(proxy?.url, "https://proxy.example:8443");
        });

        it("a value whose scheme is not at its start is taken as a host without a scheme, and refused", () => {
            const { proxy, problems } = readProxyEnvironment({ HTTPS_PROXY: "x http://proxy.example:3128" });
            assert.equal(proxy, undefined);
            assert.equal(problems.length, 1);
        });

        const invalid = [
            { value: "socks5://bob:Sup3rSecret@proxy.example:1080", shown: "a value with a user name or password" },
            { value: "ftp://proxy.example:21", shown: '"ftp://proxy.example:21"' },
            { value: "http://", shown: '"http://"' },
        ];
        for (const c of invalid) {
            it(`not a proxy URL: ${c.shown}, a problem naming the variable, never the password`, () => {
                const { proxy, problems } = readProxyEnvironment({ HTTPS_PROXY: c.value });
                assert.equal(proxy, undefined);
                assert.equal(problems.length, 1);
                assert.match(problems[0], /^HTTPS_PROXY \(environment, the proxy for Graph requests\): /);
                assert.ok(problems[0].includes(c.shown), problems[0]);
                assert.ok(!problems[0].includes("Sup3rSecret"));
            });
        }
    });

    describe("ALL_PROXY with a SOCKS proxy (curl's habit)", () => {
        const cases = [
            { name: "alone: no proxy, no problem", env: { ALL_PROXY: "socks5://proxy.example:1080" }, expected: undefined },
            { name: "lower case alone: no proxy, no problem", env: { all_proxy: "socks4a://proxy.example:1080" }, expected: undefined },
            {
                name: "with HTTP_PROXY: HTTP_PROXY is used",
                env: { ALL_PROXY: "socks5://proxy.example:1080", HTTP_PROXY: "http://proxy.example:3128" },
                expected: "HTTP_PROXY",
            },
            { name: "an http ALL_PROXY is used", env: { ALL_PROXY: "http://proxy.example:3128" }, expected: "ALL_PROXY" },
            { name: "an https ALL_PROXY is used", env: { ALL_PROXY: "https://proxy.example:3128" }, expected: "ALL_PROXY" },
            { name: "an ALL_PROXY without a scheme is used (http)", env: { ALL_PROXY: "proxy.example:3128" }, expected: "ALL_PROXY" },
            { name: "a SOCKS ALL_PROXY in capitals is passed over", env: { ALL_PROXY: "SOCKS5://proxy.example:1080" }, expected: undefined },
        ];
        for (const c of cases) {
            it(c.name, () => {
                const { proxy, problems } = readProxyEnvironment(c.env);
                assert.deepEqual(problems, []);
                assert.equal(proxy?.origin, c.expected);
            });
        }
    });

    describe("settings", () => {
        it("no proxy variable: no proxy in the settings", () => {
            assert.equal("proxy" in resolveSettings(() => undefined, { NO_PROXY: "127.0.0.1" }, []), false);
        });

        it("keeps the proxy and NO_PROXY, and adds the password to the redaction secrets", () => {
            const settings = resolveSettings(() => undefined, { HTTP_PROXY: `http://alice:${ENCODED}@127.0.0.1:3128`, no_proxy: "graph.microsoft.com" }, []);
            assert.deepEqual(settings.proxy, {
                url: "http://127.0.0.1:3128",
                origin: "HTTP_PROXY",
                credentials: { username: "alice", password: PASSWORD },
                noProxy: ["graph.microsoft.com"],
            });
            assert.ok(settings.secrets.includes(PASSWORD) && settings.secrets.includes(ENCODED));
            assert.equal(
                redact(`connect to http://alice:${ENCODED}@127.0.0.1:3128 (${PASSWORD})`, settings.secrets),
                "connect to http://alice:[redacted]@127.0.0.1:3128 ([redacted])",
            );
        });

        it("an invalid proxy fails the configuration, naming the variable and not the password", () => {
            try {
                resolveSettings(() => undefined, { HTTPS_PROXY: "socks5://bob:Sup3rSecret@proxy.example:1080" }, []);
                assert.fail("expected a ConfigError");
            } catch (error) {
                assert.ok(isConfigError(error));
                assert.match(
                    error.message,
                    /HTTPS_PROXY \(environment, the proxy for Graph requests\): a value with a user name or password is not a proxy URL/,
                );
                assert.ok(!error.message.includes("Sup3rSecret"));
            }
        });
    });

    it("a 407 without a configured proxy says which variable to set", () => {
        assert.match(hintFor(407, undefined, "GET", "-")!, /set HTTPS_PROXY to http:\/\/user:password@host:port/);
    });
});

describe("provider/graph/client through a forward proxy", () => {
    const emulator = new GraphEmulator({ tokens: [TEST_TOKEN] });
    let graphUrl: string;
    let proxy: ForwardProxy;
    let proxyUrl: string;
    const clients: GraphClient[] = [];
    const logLines: string[] = [];

    function config(overrides: Partial<ProxyConfig> = {}): ProxyConfig {
        return { url: proxyUrl, origin: "HTTP_PROXY", credentials: { username: "alice", password: PASSWORD }, noProxy: [], ...overrides };
    }

    function client(overrides: Partial<GraphClientOptions> = {}): GraphClient {
        const c = testClient(graphUrl, logLines, {
            userAgent: "proxy-test",
            proxy: config(),
            log: createLogger("verbose", new Redactor([PASSWORD, ENCODED]), (line) => logLines.push(line)),
            ...overrides,
        });
        clients.push(c);
        return c;
    }
    const failure = graphFailure;

    before(async () => {
        graphUrl = await emulator.start();
        proxy = new ForwardProxy({ credentials: { username: "alice", password: PASSWORD } });
        proxyUrl = await proxy.start();
    });
    after(async () => {
        clients.forEach((c) => c.close());
        await proxy.stop();
        await emulator.stop();
    });
    beforeEach(() => {
        emulator.apps.clear();
        emulator.addApp(APP, { installedDeviceCount: 3 });
        emulator.behaviour = { ...emulator.behaviour, patchStatus: 204, latencyMs: 0 };
        emulator.clearRequests();
        proxy.clear();
        logLines.length = 0;
    });

    it("sends every request through the proxy, with the proxy's credentials, and the trace names the proxy but not the password", async () => {
        const c = client();
        await c.getInstallSummary(APP, new OperationStats());
        await c.patchInstallSummary(APP, { failedDeviceCount: 2 }, new OperationStats());
        await c.getInstallSummary(APP, new OperationStats());
        assert.equal(emulator.counters(APP).failedDeviceCount, 2);
        assert.equal(emulator.graphRequests().length, 3);
        assert.deepEqual(
            proxy.forwarded.map((r) => r.method),
            emulator.graphRequests().map((r) => r.method),
        );
        assert.ok(proxy.forwarded.every((r) => r.url.startsWith(`${graphUrl}/beta/deviceAppManagement/`)));
        assert.deepEqual(proxy.refused, []);
        assert.ok(
            emulator.graphRequests().every((r) => r.authorization === `Bearer ${TEST_TOKEN}`),
            "Graph still gets the bearer token",
        );
        assert.ok(logLines.some((l) => l.includes(`proxy=${proxyUrl}`)));
        assert.ok(logLines.some((l) => l.includes(`Graph requests go through the proxy ${proxyUrl} (from HTTP_PROXY, absolute-URI)`)));
        assert.ok(logLines.every((l) => !l.includes(PASSWORD) && !l.includes(ENCODED) && !l.includes("alice")));
    });

    it("a host listed in NO_PROXY goes direct", async () => {
        const c = client({ proxy: config({ noProxy: ["127.0.0.1"] }) });
        await c.getInstallSummary(APP, new OperationStats());
        assert.equal(emulator.graphRequests().length, 1);
        assert.equal(proxy.connections, 0);
        assert.deepEqual(proxy.forwarded, []);
        assert.ok(logLines.some((l) => l.includes("Graph requests go direct: 127.0.0.1 is in NO_PROXY")));
    });

    it("keeps connections to the proxy alive and at most maxSockets of them open", async () => {
        emulator.behaviour.latencyMs = 30;
        const c = client({ maxSockets: 3 });
        await Promise.all(Array.from({ length: 12 }, () => c.getInstallSummary(APP, new OperationStats())));
        for (let i = 0; i < 3; i++) {
            await c.getInstallSummary(APP, new OperationStats());
        }
        assert.equal(proxy.forwarded.length, 15);
        assert.equal(proxy.peakConnections, 3, "the 12 concurrent requests used the 3 sockets allowed, no more");
        assert.equal(proxy.connections, 3, "the later requests reused those connections");
    });

    it("a proxy refusing the credentials (407): one attempt, an error naming the proxy and its variable, never the password", async () => {
        const c = client({ proxy: config({ credentials: { username: "alice", password: "wrong-password" } }) });
        const error = await failure(c.patchInstallSummary(APP, { failedDeviceCount: 2 }, new OperationStats()));
        assert.equal(error.status, 407);
        assert.equal(error.attempts, 1);
        assert.equal(proxy.refused.length, 1, "not retried");
        assert.equal(emulator.graphRequests().length, 0);
        assert.match(
            error.message,
            new RegExp(
                `^Graph PATCH /deviceAppManagement/mobileApps/${APP}/installSummary failed: 407: Proxy Authentication Required, from the proxy ` +
                    `${proxyUrl.replace(/\./g, "\\.")} \\(from HTTP_PROXY\\), not from Graph\\. The proxy did not accept the user name and password in HTTP_PROXY: ` +
                    `check them there .*\\. Not retried\\. \\(client-request-id [0-9a-f-]+\\)$`,
            ),
        );
        assert.ok(!error.message.includes("wrong-password") && !error.message.includes(PASSWORD));
    });

    it("a proxy asking for credentials when none are given: says where to put them", async () => {
        const error = await failure(client({ proxy: config({ credentials: undefined }) }).getInstallSummary(APP, new OperationStats()));
        assert.equal(error.status, 407);
        assert.deepEqual(proxy.authorizations, [undefined]);
        assert.match(error.message, /The proxy asks for credentials: give them in HTTP_PROXY as http:\/\/user:password@host:port\. Not retried\./);
    });

    it("a proxy that is down: retried within maxRetries, then an error naming the proxy", async () => {
        const closed = net.createServer();
        await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
        const port = (closed.address() as net.AddressInfo).port;
        await new Promise<void>((resolve) => closed.close(() => resolve()));
        const down = `http://127.0.0.1:${port}`;
        const c = client({
            proxy: config({ url: down, origin: "HTTPS_PROXY" }),
            retry: { ...DEFAULT_RETRY_OPTIONS, maxRetries: 2, baseDelayMs: 10, maxDelayMs: 20 },
        });
        const error = await failure(c.getInstallSummary(APP, new OperationStats()));
        assert.equal(error.kind, "network");
        assert.equal(error.attempts, 3);
        assert.match(
            error.message,
            new RegExp(
                `failed after 3 attempts: the connection through the proxy http://127\\.0\\.0\\.1:${port} \\(from HTTPS_PROXY\\) failed or was reset before an answer\\. ` +
                    `Check that the proxy is running and reachable from this machine and lets requests to 127\\.0\\.0\\.1 through, or list 127\\.0\\.0\\.1 in NO_PROXY to go direct\\.`,
            ),
        );
    });

    it("a proxy that never answers: the attempt times out, and the error names the proxy", async () => {
        const silent = net.createServer(() => undefined); // accepts connections, never answers
        const held: net.Socket[] = [];
        silent.on("connection", (socket) => held.push(socket));
        await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
        const url = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
        try {
            const c = client({ proxy: config({ url }), requestTimeoutMs: 200, retry: { ...DEFAULT_RETRY_OPTIONS, maxRetries: 0 } });
            const error = await failure(c.getInstallSummary(APP, new OperationStats()));
            assert.equal(error.kind, "timeout");
            assert.match(
                error.message,
                new RegExp(
                    `failed: no answer within intune:requestTimeoutMs \\(200 ms\\) through the proxy ${url.replace(/\./g, "\\.")} \\(from HTTP_PROXY\\)\\. Check that the proxy`,
                ),
            );
            assert.equal(held.length, 1, "the request went to the proxy");
        } finally {
            held.forEach((s) => s.destroy());
            await new Promise<void>((resolve) => silent.close(() => resolve()));
        }
    });

    it("loads the proxy agents only at the first request through a proxy", () => {
        const script = `
            const { GraphClient } = require("./provider/graph/client");
            const { resolveSettings } = require("./provider/config/settings");
            const { StaticTokenSource } = require("./provider/auth/tokenSource");
            const { OperationStats } = require("./provider/graph/stats");
            const { ThrottleGate } = require("./provider/graph/throttleGate");
            const { Pacer } = require("./provider/graph/pacer");
            const loaded = () => Object.keys(require.cache).filter((f) => /[\\\\/]https?-proxy-agent[\\\\/]/.test(f)).length > 0;
            const settings = resolveSettings(() => undefined, { HTTPS_PROXY: "http://127.0.0.1:1" }, []);
            const c = new GraphClient({ baseUrl: "https://graph.microsoft.com", baseUrlOrigin: settings.graphBaseUrlOrigin, apiVersion: "beta", proxy: settings.proxy, maxSockets: 1,
                tokens: new StaticTokenSource("t"), tokenAdvice: "-", userAgent: "test", requestTimeoutMs: 2000, operationTimeoutMs: 5000,
                retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 }, gate: new ThrottleGate(), pacers: { writes: new Pacer(0, 1), reads: new Pacer(0, 1) },
                log: { enabled: () => false, log() {} } });
            const before = loaded();
            // The first request, through the proxy on a port where nothing listens: it fails, after loading what it needs.
            c.getInstallSummary("x", new OperationStats()).catch(() => undefined).then(() => {
                console.log(JSON.stringify({ before, after: loaded() }));
                c.close();
            });`;
        const output = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
        assert.deepEqual(JSON.parse(output), { before: false, after: true });
    });
});
