/**
 * Behind a proxy, through Pulumi's dynamic-provider host as a user's deployment runs: the host's
 * environment holds HTTP_PROXY or HTTPS_PROXY (and NO_PROXY), and a forward proxy on 127.0.0.1
 * with a user name and password stands between the provider and the Graph emulator. Every Graph
 * request goes through it (absolute-URI requests for an http Graph, CONNECT tunnels for an https
 * one), NO_PROXY sends them direct, a proxy refusing the credentials fails each operation at once
 * with a message naming the proxy, sign-in (@azure/identity) and Graph take the same proxy, and the
 * proxy password appears in no output, state or error, with intune:logLevel verbose.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { FakeAuthority, LocalTls, createLocalTls, removeLocalTls } from "../../emulator/fakeAuthority";
import { GraphEmulator } from "../../emulator/graphEmulator";
import { TokenRegistry } from "../../emulator/tokenRegistry";
import type { Step } from "../../engine/localEngine";
import { LocalStack } from "../../engine/localStack";
import { APPS_KEY, APP_IDS, REPO_ROOT, STACK_CONFIG_PROGRAM, TEST_TOKEN } from "../support/fixtures";
import { ForwardProxy, TlsRelay } from "../support/forwardProxy";

const [TEAMS, OUTLOOK] = APP_IDS;
const USER = "proxy-user";
const PASSWORD = "Engine-proxy-Pa55:w@rd";
const WRONG_PASSWORD = "Wrong-proxy-Pa55word";
const TENANT = "11111111-2222-4333-8444-555555555555";
const CLIENT = "66666666-7777-4888-9999-aaaaaaaaaaaa";
const CLIENT_SECRET = "proxy-test-client-secret-Qx19";

const basic = (password: string) => `Basic ${Buffer.from(`${USER}:${password}`).toString("base64")}`;
/** The proxy URL with user name and password, as a user writes it in HTTP_PROXY (percent-encoded). */
const withCredentials = (proxyUrl: string, password = PASSWORD) => proxyUrl.replace("://", `://${USER}:${encodeURIComponent(password)}@`);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The message docs/authentication.md's "Behind a proxy" quotes, as a pattern: `…` stands for any text. */
function docsQuote(): RegExp {
    const page = fs.readFileSync(path.join(REPO_ROOT, "docs", "authentication.md"), "utf8");
    const start = page.indexOf("\n## Behind a proxy\n");
    const end = page.indexOf("\n## ", start + 1);
    const quote = /```text\n(.*)\n```/.exec(page.slice(start, end < 0 ? undefined : end));
    assert.ok(start >= 0 && quote, "docs/authentication.md's Behind a proxy quotes a message");
    return new RegExp(`^${quote[1].split("…").map(escape).join(".*")}$`);
}

describe("engine: Graph requests behind a proxy (HTTP_PROXY, HTTPS_PROXY, NO_PROXY)", function () {
    this.timeout(120_000);
    let tls: LocalTls;
    let registry: TokenRegistry;
    let emulator: GraphEmulator;
    let graphUrl: string;
    let proxy: ForwardProxy;
    let proxyUrl: string;
    let relay: TlsRelay;
    let relayUrl: string;
    const stacks: LocalStack[] = [];

    before(async () => {
        tls = await createLocalTls();
        registry = new TokenRegistry();
        emulator = new GraphEmulator({ tokens: [TEST_TOKEN], registry });
        graphUrl = await emulator.start();
        proxy = new ForwardProxy({ credentials: { username: USER, password: PASSWORD } });
        proxyUrl = await proxy.start();
        relay = new TlsRelay(graphUrl, tls);
        relayUrl = await relay.start();
    });

    after(async () => {
        await Promise.all(stacks.map((s) => s.stop()));
        await relay?.stop();
        await proxy?.stop();
        await emulator?.stop();
        if (tls) {
            removeLocalTls(tls);
        }
    });

    beforeEach(() => {
        emulator.apps.clear();
        emulator.addApp(TEAMS, { installedDeviceCount: 9 });
        emulator.addApp(OUTLOOK, {});
        emulator.clearRequests();
        proxy.clear();
        relay.relayed.length = 0;
    });

    /** A stack of the stack-config example declaring two apps, Graph at `graph` (default: the emulator over http), with this host environment. */
    async function stackWith(env: NodeJS.ProcessEnv, options: { graph?: string; config?: Record<string, string>; secretConfig?: Record<string, string> } = {}) {
        const stack = await LocalStack.start({
            programDir: STACK_CONFIG_PROGRAM,
            config: {
                "intune:graphEndpoint": options.graph ?? graphUrl,
                "intune:logLevel": "verbose",
                [APPS_KEY]: JSON.stringify([
                    { name: "teams", mobileAppId: TEAMS, installedDeviceCount: 4 },
                    { name: "outlook", mobileAppId: OUTLOOK, failedDeviceCount: 1 },
                ]),
                ...options.config,
            },
            secretConfig: options.secretConfig ?? { "intune:accessToken": TEST_TOKEN },
            hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
        });
        stacks.push(stack);
        return stack;
    }

    /** Asserts that none of `secrets` occurs in the host's output, the stack's state, or the steps' errors. */
    function assertNowhere(stack: LocalStack, steps: readonly Step[], secrets: readonly string[]): void {
        const places = {
            "host stdout": stack.host.stdout,
            "host stderr": stack.host.stderr,
            state: JSON.stringify(stack.engine.snapshot()),
            "step errors": steps.map((s) => s.error ?? "").join("\n"),
        };
        for (const [where, text] of Object.entries(places)) {
            for (const secret of secrets) {
                assert.ok(!text.includes(secret), `${JSON.stringify(secret)} appears in the ${where}`);
            }
        }
    }

    const SECRETS = [PASSWORD, encodeURIComponent(PASSWORD), basic(PASSWORD).slice("Basic ".length)];

    it("HTTP_PROXY: every Graph request of up and refresh goes through the proxy, with its credentials; the password appears nowhere", async () => {
        const stack = await stackWith({ HTTP_PROXY: withCredentials(proxyUrl) });
        const up = await stack.up();
        assert.deepEqual(up.map((s) => [s.name, s.op, s.error]).sort(), [
            ["outlook", "create", undefined],
            ["teams", "create", undefined],
        ]);
        assert.equal(emulator.counters(TEAMS).installedDeviceCount, 4);
        const refresh = await stack.refresh();
        assert.ok(emulator.graphRequests().length >= 6, "PATCH and GET per create, one GET per refresh");
        assert.deepEqual(
            proxy.forwarded.map((r) => `${r.method} ${new URL(r.url).pathname}`).sort(),
            emulator
                .wireRequests()
                .map((r) => `${r.method} ${r.path}`)
                .sort(),
            "the proxy forwarded every request Graph received (a JSON batch as one)",
        );
        assert.equal(proxy.refused.length, 0);
        assert.ok(
            proxy.authorizations.every((a) => a === basic(PASSWORD)),
            "every request carried the proxy's credentials",
        );
        assert.match(
            stack.host.stderr,
            new RegExp(`intune: -> PATCH ${escape(graphUrl)}/beta/.* authorization=Bearer \\[redacted\\] proxy=${escape(proxyUrl)}`),
        );
        assertNowhere(stack, [...up, ...refresh], SECRETS);
    });

    it("NO_PROXY naming the Graph host: no request goes through the proxy", async () => {
        const stack = await stackWith({ HTTP_PROXY: withCredentials(proxyUrl), NO_PROXY: "login.microsoftonline.com,127.0.0.1" });
        const up = await stack.up();
        assert.deepEqual(
            up.map((s) => s.error),
            [undefined, undefined],
        );
        assert.ok(emulator.graphRequests().length >= 4);
        assert.equal(proxy.connections, 0);
        assert.deepEqual(proxy.forwarded, []);
        assert.match(stack.host.stderr, /intune: Graph requests go direct: 127\.0\.0\.1 is in NO_PROXY/);
    });

    it("a proxy refusing the credentials (407): each operation fails at once, naming the proxy and its variable, never the password", async () => {
        const stack = await stackWith({ HTTP_PROXY: withCredentials(proxyUrl, WRONG_PASSWORD) });
        const up = await stack.up();
        assert.deepEqual(
            up.map((s) => s.op),
            ["create", "create"],
        );
        for (const step of up) {
            assert.match(
                step.error ?? "",
                new RegExp(
                    `Graph GET /deviceAppManagement/mobileApps/[0-9a-f-]+/installSummary failed: 407: Proxy Authentication Required, from the proxy ` +
                        `${escape(proxyUrl)} \\(from HTTP_PROXY\\), not from Graph\\. The proxy did not accept the user name and password in HTTP_PROXY`,
                ),
            );
        }
        assert.equal(proxy.refused.length, 2, "one attempt per resource: a 407 is not retried");
        assert.equal(emulator.graphRequests().length, 0);
        assert.equal(stack.engine.state.size, 0);
        assertNowhere(stack, up, [WRONG_PASSWORD, encodeURIComponent(WRONG_PASSWORD), basic(WRONG_PASSWORD).slice("Basic ".length)]);
    });

    it("HTTPS_PROXY, an https Graph: every request through a CONNECT tunnel with the credentials, connections kept alive; no password even in https-proxy-agent's debug output", async () => {
        const stack = await stackWith(
            { HTTPS_PROXY: withCredentials(proxyUrl), NODE_EXTRA_CA_CERTS: tls.certPath, DEBUG: "https-proxy-agent*" },
            { graph: relayUrl, config: { "intune:maxSockets": "2" } },
        );
        const up = await stack.up();
        assert.deepEqual(
            up.map((s) => s.error),
            [undefined, undefined],
        );
        await stack.refresh();
        assert.ok(emulator.graphRequests().length >= 6);
        // What went over HTTP: requests alone and JSON batches (a refresh's concurrent GETs travel in one).
        const graphRequests = emulator.wireRequests().length;
        assert.equal(relay.relayed.length, graphRequests, "every Graph request came through the TLS relay");
        assert.deepEqual(proxy.forwarded, [], "nothing was sent as plain http");
        assert.ok(
            proxy.tunnels.length >= 1 && proxy.tunnels.length <= 2,
            `at most intune:maxSockets (2) tunnels, reused: ${proxy.tunnels.length} for ${graphRequests}`,
        );
        assert.ok(proxy.tunnels.every((t) => t === new URL(relayUrl).host));
        assert.ok(proxy.authorizations.every((a) => a === basic(PASSWORD)));
        assert.match(stack.host.stderr, /https-proxy-agent Creating new HttpsProxyAgent instance/, "the agent's debug output was on");
        assert.match(stack.host.stderr, /Graph requests go through the proxy http:\/\/127\.0\.0\.1:\d+ \(from HTTPS_PROXY, CONNECT\)/);
        assertNowhere(stack, up, SECRETS);
    });

    it("HTTPS_PROXY refusing the CONNECT (407): each operation fails at once, naming the proxy", async () => {
        const stack = await stackWith({ HTTPS_PROXY: withCredentials(proxyUrl, WRONG_PASSWORD), NODE_EXTRA_CA_CERTS: tls.certPath }, { graph: relayUrl });
        const up = await stack.up();
        for (const step of up) {
            assert.match(
                step.error ?? "",
                new RegExp(`failed: 407: Proxy Authentication Required, from the proxy ${escape(proxyUrl)} \\(from HTTPS_PROXY\\), not from Graph\\.`),
            );
            assert.match(step.error ?? "", docsQuote(), "the message docs/authentication.md quotes");
        }
        assert.equal(up.length, 2);
        assert.equal(proxy.refused.length, 2, "one CONNECT per resource: not retried");
        assert.equal(relay.relayed.length, 0);
        assertNowhere(stack, up, [WRONG_PASSWORD, encodeURIComponent(WRONG_PASSWORD)]);
    });

    it("sign-in (@azure/identity) and Graph take the same proxy from HTTPS_PROXY", async () => {
        const authority = new FakeAuthority({ registry, clients: [{ tenantId: TENANT, clientId: CLIENT, secret: CLIENT_SECRET }] });
        const authorityUrl = await authority.start(tls);
        try {
            const stack = await stackWith(
                { HTTPS_PROXY: withCredentials(proxyUrl), NODE_EXTRA_CA_CERTS: tls.certPath },
                {
                    config: { "intune:tenantId": TENANT, "intune:clientId": CLIENT, "intune:authorityHost": authorityUrl },
                    secretConfig: { "intune:clientSecret": CLIENT_SECRET },
                },
            );
            const up = await stack.up();
            assert.deepEqual(
                up.map((s) => s.error),
                [undefined, undefined],
            );
            assert.ok(authority.tokenRequests.length >= 1);
            assert.ok(proxy.tunnels.includes(new URL(authorityUrl).host), `sign-in went through a tunnel: ${JSON.stringify(proxy.tunnels)}`);
            assert.ok(emulator.graphRequests().length >= 4);
            assert.equal(proxy.forwarded.length, emulator.wireRequests().length, "every Graph request went through the proxy too");
            assertNowhere(stack, up, [...SECRETS, CLIENT_SECRET]);
        } finally {
            await authority.stop();
        }
    });
});
