/**
 * The bad-input matrix (docs/reliability.md), through the engine protocol: invalid resource inputs
 * declared in the stack-config example's stack config (and two a program can compute, NaN and Infinity),
 * and invalid provider configuration. Each gives a message naming the property or key, and no
 * HTTP request reaches Graph for any of them, in preview or in up.
 */
import { strict as assert } from "node:assert";
import * as os from "node:os";
import * as path from "node:path";
import { secretValue } from "../../engine/providerHost";
import { TEST_TOKEN } from "../support/fixtures";
import { Rig, registration, startRig } from "./support/harness";

const VALID_ID = "3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b";
const MAX = "2147483647";

interface InputCase {
    /** What is wrong, for the docs table. */
    name: string;
    /** The app entry in stack config, merged over `{mobileAppId: VALID_ID}` (undefined removes a key). */
    entry: Record<string, unknown>;
    /** The property the message names. */
    property: string;
    message: RegExp;
}

const INPUT_CASES: InputCase[] = [
    // Counters: every kind of wrong value.
    {
        name: "negative counter",
        entry: { installedDeviceCount: -1 },
        property: "installedDeviceCount",
        message: /^installedDeviceCount is a count and cannot be negative; got -1\. Allowed: a whole number from 0 to 2147483647\.$/,
    },
    {
        name: "fraction",
        entry: { failedDeviceCount: 1.5 },
        property: "failedDeviceCount",
        message: /^failedDeviceCount must be a whole number from 0 to 2147483647; got the fraction 1\.5\.$/,
    },
    {
        name: "above Int32",
        entry: { notInstalledDeviceCount: 2147483648 },
        property: "notInstalledDeviceCount",
        message: new RegExp(`^notInstalledDeviceCount is an Int32 in Microsoft Graph and cannot exceed ${MAX}; got 2147483648\\.$`),
    },
    {
        name: "far above Int32 (1e12)",
        entry: { pendingInstallUserCount: 1e12 },
        property: "pendingInstallUserCount",
        message: /cannot exceed 2147483647; got 1000000000000\./,
    },
    {
        name: "number in quotes",
        entry: { installedUserCount: "5" },
        property: "installedUserCount",
        message:
            /^installedUserCount must be a whole number from 0 to 2147483647; got the string "5" \(a number in quotes: parse it, e\.g\. Number\(\.\.\.\), in your program\)\.$/,
    },
    {
        name: "word",
        entry: { failedUserCount: "many" },
        property: "failedUserCount",
        message: /^failedUserCount must be a whole number from 0 to 2147483647; got the string "many"\.$/,
    },
    { name: "empty string", entry: { notInstalledUserCount: "" }, property: "notInstalledUserCount", message: /got the string ""\.$/ },
    {
        name: "boolean",
        entry: { notApplicableDeviceCount: true },
        property: "notApplicableDeviceCount",
        message: /^notApplicableDeviceCount must be a whole number from 0 to 2147483647; got the boolean true\.$/,
    },
    {
        name: "null",
        entry: { pendingInstallDeviceCount: null },
        property: "pendingInstallDeviceCount",
        message: /^pendingInstallDeviceCount must be a whole number from 0 to 2147483647; got null\.$/,
    },
    { name: "list", entry: { notApplicableUserCount: [1] }, property: "notApplicableUserCount", message: /got a list\.$/ },
    { name: "object", entry: { installedDeviceCount: { value: 1 } }, property: "installedDeviceCount", message: /got an object\.$/ },
    {
        name: "negative fraction",
        entry: { failedDeviceCount: -0.5 },
        property: "failedDeviceCount",
        message: /^failedDeviceCount must be a whole number from 0 to 2147483647; got the fraction -0\.5\.$/,
    },
    // mobileAppId: every shape that is not a GUID.
    {
        name: "mobileAppId missing",
        entry: { mobileAppId: undefined, installedDeviceCount: 1 },
        property: "mobileAppId",
        message: /^mobileAppId is required: set it to a GUID such as 3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b \(the id of the app in Intune\)\.$/,
    },
    { name: "mobileAppId empty", entry: { mobileAppId: "" }, property: "mobileAppId", message: /^mobileAppId is required/ },
    {
        name: "mobileAppId a name",
        entry: { mobileAppId: "Microsoft Teams" },
        property: "mobileAppId",
        message: /^mobileAppId must be a GUID such as .*, 36 characters without braces; got the string "Microsoft Teams"\.$/,
    },
    {
        name: "mobileAppId in braces",
        entry: { mobileAppId: `{${VALID_ID}}` },
        property: "mobileAppId",
        message: /36 characters without braces; got the string "\{3a1f0c9e/,
    },
    {
        name: "mobileAppId with a space",
        entry: { mobileAppId: ` ${VALID_ID}` },
        property: "mobileAppId",
        message: /^mobileAppId must not have leading or trailing spaces; got the string " 3a1f0c9e/,
    },
    {
        name: "mobileAppId a number",
        entry: { mobileAppId: 12345 },
        property: "mobileAppId",
        message: /^mobileAppId must be a string holding a GUID .*; got 12345\.$/,
    },
    { name: "mobileAppId one character short", entry: { mobileAppId: VALID_ID.slice(0, 35) }, property: "mobileAppId", message: /^mobileAppId must be a GUID/ },
    {
        name: "mobileAppId not hexadecimal",
        entry: { mobileAppId: VALID_ID.replace("3a1f", "3g1f") },
        property: "mobileAppId",
        message: /^mobileAppId must be a GUID/,
    },
    {
        name: "mobileAppId without hyphens",
        entry: { mobileAppId: VALID_ID.replace(/-/g, "") },
        property: "mobileAppId",
        message: /^mobileAppId must be a GUID/,
    },
    // Typos of property names: a did-you-mean.
    {
        name: "typo installedDeviceCnt",
        entry: { installedDeviceCnt: 4 },
        property: "installedDeviceCnt",
        message:
            /^"installedDeviceCnt" is not a property of MobileAppInstallSummary\. Did you mean "installedDeviceCount"\? Allowed: mobileAppId, installedDeviceCount, .*restoreOnDestroy\.$/,
    },
    { name: "typo mobileAppID", entry: { mobileAppID: VALID_ID }, property: "mobileAppID", message: /Did you mean "mobileAppId"\?/ },
    { name: "typo restoreOnDestory", entry: { restoreOnDestory: true }, property: "restoreOnDestory", message: /Did you mean "restoreOnDestroy"\?/ },
    { name: "typo failedDevicesCount", entry: { failedDevicesCount: 1 }, property: "failedDevicesCount", message: /Did you mean "failedDeviceCount"\?/ },
    {
        name: "typo pendingInstalledUserCount",
        entry: { pendingInstalledUserCount: 1 },
        property: "pendingInstalledUserCount",
        message: /Did you mean "pendingInstallUserCount"\?/,
    },
    {
        name: "a property of the app, not of its summary",
        entry: { displayName: "Teams" },
        property: "displayName",
        message: /^"displayName" is not a property of MobileAppInstallSummary\. Allowed: mobileAppId, /,
    },
    // restoreOnDestroy: wrong types.
    {
        name: "restoreOnDestroy as a string",
        entry: { restoreOnDestroy: "true" },
        property: "restoreOnDestroy",
        message: /^restoreOnDestroy must be true or false; got the string "true"\.$/,
    },
    {
        name: "restoreOnDestroy as a number",
        entry: { restoreOnDestroy: 1 },
        property: "restoreOnDestroy",
        message: /^restoreOnDestroy must be true or false; got 1\.$/,
    },
    {
        name: "restoreOnDestroy yes",
        entry: { restoreOnDestroy: "yes" },
        property: "restoreOnDestroy",
        message: /^restoreOnDestroy must be true or false; got the string "yes"\.$/,
    },
    {
        name: "restoreOnDestroy null",
        entry: { restoreOnDestroy: null },
        property: "restoreOnDestroy",
        message: /^restoreOnDestroy must be true or false; got null\.$/,
    },
];

/** Values a program can compute but stack config cannot hold: sent as built registrations. */
const COMPUTED_CASES: InputCase[] = [
    {
        name: 'NaN (e.g. Number("x"))',
        entry: { installedDeviceCount: Number.NaN },
        property: "installedDeviceCount",
        message: /^installedDeviceCount must be a whole number from 0 to 2147483647; got NaN\.$/,
    },
    {
        name: "Infinity",
        entry: { failedDeviceCount: Number.POSITIVE_INFINITY },
        property: "failedDeviceCount",
        message: /^failedDeviceCount must be a whole number from 0 to 2147483647; got Infinity\.$/,
    },
];

interface ConfigCase {
    name: string;
    config: Record<string, string>;
    secretConfig?: Record<string, string>;
    /** The key the message names. */
    key: string;
    message: RegExp;
    /** A value that must not appear in the message (a secret). */
    hidden?: string;
}

const MISSING_PEM = path.join(os.tmpdir(), "intune-reliability-no-such-dir", "cert.pem");
const TENANT = "11111111-2222-4333-8444-555555555555";
const CLIENT = "66666666-7777-4888-9999-aaaaaaaaaaaa";

const CONFIG_CASES: ConfigCase[] = [
    {
        name: "unknown cloud",
        config: { "intune:cloud": "azure-germany" },
        key: "intune:cloud",
        message: /intune:cloud: "azure-germany" is not allowed; use one of public, usgovernment, usgovernmentdod, china\./,
    },
    {
        name: "endpoint without scheme",
        config: { "intune:graphEndpoint": "graph.microsoft.com" },
        key: "intune:graphEndpoint",
        message:
            /intune:graphEndpoint: "graph\.microsoft\.com" is not a valid URL; use http:\/\/host\[:port\] or https:\/\/host\[:port\] with an optional path and no query, e\.g\. http:\/\/127\.0\.0\.1:8719\./,
    },
    {
        name: "endpoint with a query",
        config: { "intune:graphEndpoint": "https://graph.microsoft.com/?tenant=x" },
        key: "intune:graphEndpoint",
        message: /intune:graphEndpoint: "https:\/\/graph\.microsoft\.com\/\?tenant=x" is not a valid URL/,
    },
    {
        name: "endpoint of another scheme",
        config: { "intune:graphEndpoint": "ftp://127.0.0.1:8719" },
        key: "intune:graphEndpoint",
        message: /intune:graphEndpoint: "ftp:\/\/127\.0\.0\.1:8719" is not a valid URL/,
    },
    {
        name: "endpoint with a password in it",
        config: { "intune:graphEndpoint": "https://admin:hunter2-password@graph.example" },
        key: "intune:graphEndpoint",
        message: /intune:graphEndpoint: a URL with a user name or password is not a valid URL/,
        hidden: "hunter2-password",
    },
    {
        name: "authority over http",
        config: { "intune:authorityHost": "http://login.microsoftonline.com" },
        key: "intune:authorityHost",
        message: /intune:authorityHost: "http:\/\/login\.microsoftonline\.com" is not a valid URL; use https:\/\/host\[:port\]/,
    },
    {
        name: "certificate path that does not exist",
        config: { "intune:tenantId": TENANT, "intune:clientId": CLIENT, "intune:clientCertificatePath": MISSING_PEM },
        key: "intune:clientCertificatePath",
        message:
            /intune:clientCertificatePath: no readable file at ".*intune-reliability-no-such-dir\/cert\.pem"; give the path of a PEM file holding the certificate and its private key\./,
    },
    {
        name: "timeout not a number",
        config: { "intune:requestTimeoutMs": "soon" },
        key: "intune:requestTimeoutMs",
        message: /intune:requestTimeoutMs: must be a whole number from 1 to 3600000; got "soon"\./,
    },
    {
        name: "operation timeout 0",
        config: { "intune:operationTimeoutMs": "0" },
        key: "intune:operationTimeoutMs",
        message: /intune:operationTimeoutMs: must be a whole number from 1 to 86400000; got "0"\./,
    },
    {
        name: "negative retries",
        config: { "intune:maxRetries": "-1" },
        key: "intune:maxRetries",
        message: /intune:maxRetries: must be a whole number from 0 to 100; got "-1"\./,
    },
    {
        name: "fractional verify timeout",
        config: { "intune:verifyTimeoutMs": "1.5" },
        key: "intune:verifyTimeoutMs",
        message: /intune:verifyTimeoutMs: must be a whole number from 0 to 600000; got "1\.5"\./,
    },
    {
        name: "no sockets",
        config: { "intune:maxSockets": "0" },
        key: "intune:maxSockets",
        message: /intune:maxSockets: must be a whole number from 1 to 10000; got "0"\./,
    },
    {
        name: "unknown write verification",
        config: { "intune:writeVerification": "strict" },
        key: "intune:writeVerification",
        message: /intune:writeVerification: "strict" is not allowed; use one of error, warn, off\./,
    },
    {
        name: "unknown log level",
        config: { "intune:logLevel": "debug" },
        key: "intune:logLevel",
        message: /intune:logLevel: "debug" is not allowed; use one of error, warning, info, verbose\./,
    },
    {
        name: "unknown API version",
        config: { "intune:apiVersion": "v2" },
        key: "intune:apiVersion",
        message: /intune:apiVersion: "v2" is not allowed; use one of beta, v1\.0\./,
    },
    {
        name: "tenant with a space",
        config: { "intune:tenantId": "my tenant" },
        key: "intune:tenantId",
        message: /intune:tenantId: "my tenant" is not a tenant; use the directory id \(a GUID\) or a domain such as contoso\.onmicrosoft\.com\./,
    },
    {
        name: "client id not a GUID",
        config: { "intune:clientId": "teams-app" },
        key: "intune:clientId",
        message: /intune:clientId: "teams-app" is not an application \(client\) id; use the GUID shown on the app registration's overview\./,
    },
    {
        name: "client secret without tenant and client",
        config: {},
        secretConfig: { "intune:clientSecret": "lonely-secret-value-0042" },
        key: "intune:clientSecret",
        message: /intune:clientSecret is set, so intune:tenantId \(or AZURE_TENANT_ID\) and intune:clientId \(or AZURE_CLIENT_ID\) must be set too\./,
        hidden: "lonely-secret-value-0042",
    },
    {
        name: "a misspelt key (it would be ignored, and the requests would go to public Graph)",
        config: { "intune:graphEndpont": "http://127.0.0.1:8719" },
        key: "intune:graphEndpont",
        message: /^intune:graphEndpont: no such key; did you mean intune:graphEndpoint\?$/,
    },
    {
        name: "writes per window beyond its range",
        config: { "intune:writesPerWindow": "99999999" },
        key: "intune:writesPerWindow",
        message: /^intune:writesPerWindow: must be a whole number from 0 to 100000; got "99999999"\.$/,
    },
    {
        name: "access token with a space",
        config: {},
        secretConfig: { "intune:accessToken": "Bearer two-words secret-token-value-77" },
        key: "intune:accessToken",
        message: /intune:accessToken: must be the bearer token alone, one word without spaces\./,
        hidden: "secret-token-value-77",
    },
];

describe("reliability: bad-input matrix through the engine protocol", function () {
    this.timeout(120_000);

    describe("invalid resource inputs: a message naming the property, no request", () => {
        let rig: Rig;
        before(async () => {
            rig = await startRig({});
        });
        after(() => rig?.stop());

        const entries = INPUT_CASES.map((c, i) => ({ name: `bad-${String(i).padStart(2, "0")}`, ...{ mobileAppId: VALID_ID, ...c.entry } }));
        const cases = INPUT_CASES.map((c, i) => ({ ...c, resource: entries[i].name }));

        it(`has at least 25 cases (${INPUT_CASES.length + COMPUTED_CASES.length} inputs, ${CONFIG_CASES.length + 1} configurations)`, () => {
            assert.ok(INPUT_CASES.length + COMPUTED_CASES.length >= 25);
        });

        beforeEach(() => rig.emulator.clearRequests());

        it("declared in stack config: preview and up fail every resource with its message, and Graph gets no request", async () => {
            rig.stack.setProgramConfig("apps", entries);
            const preview = await rig.stack.preview();
            const up = await rig.stack.up();
            for (const steps of [preview, up]) {
                assert.equal(steps.length, cases.length);
                for (const c of cases) {
                    const step = steps.find((s) => s.name === c.resource)!;
                    assert.equal(step.op, "create", c.name);
                    const lines = (step.error ?? "").split("\n");
                    assert.equal(lines.length, 1, `${c.name}: one problem, one line: ${step.error}`);
                    assert.ok(lines[0].startsWith(`${c.property}: `), `${c.name}: names ${c.property}: ${lines[0]}`);
                    assert.match(lines[0].slice(c.property.length + 2), c.message, c.name);
                }
            }
            assert.equal(rig.stack.engine.state.size, 0);
            assert.deepEqual(rig.emulator.graphRequests(), []);
        });

        for (const c of COMPUTED_CASES) {
            it(`computed by the program: ${c.name}`, async () => {
                const reg = await registration("computed", { mobileAppId: VALID_ID, ...c.entry });
                const engine = rig.engine();
                for (const steps of [await engine.preview([reg]), await engine.up([reg])]) {
                    assert.equal(steps[0].error?.startsWith(`${c.property}: `), true, steps[0].error);
                    assert.match(steps[0].error.slice(c.property.length + 2), c.message);
                }
                assert.equal(engine.state.size, 0);
                assert.deepEqual(rig.emulator.graphRequests(), []);
            });
        }

        it("several problems in one resource are all reported, each on its own line", async () => {
            const reg = await registration("several", { mobileAppId: "teams", installedDeviceCount: -1, restoreOnDestroy: "no", installedDeviceCnt: 3 });
            const [step] = await rig.engine().preview([reg]);
            assert.deepEqual(
                step
                    .error!.split("\n")
                    .map((line) => line.split(":")[0])
                    .sort(),
                ["installedDeviceCnt", "installedDeviceCount", "mobileAppId", "restoreOnDestroy"],
            );
            assert.deepEqual(rig.emulator.graphRequests(), []);
        });
    });

    describe("invalid provider configuration: a message naming the key, no request", () => {
        let rig: Rig;
        before(async () => {
            rig = await startRig({});
        });
        after(() => rig?.stop());

        beforeEach(() => rig.emulator.clearRequests());

        for (const [i, c] of CONFIG_CASES.entries()) {
            it(c.name, async () => {
                // The host configures each distinct serialized provider once, with the config of the
                // latest Configure: a provider text of its own per case stands for a stack of its own.
                const secrets = Object.fromEntries(
                    Object.entries({ "intune:accessToken": TEST_TOKEN, ...c.secretConfig }).map(([k, v]) => [k, secretValue(v)]),
                );
                if (c.key === "intune:clientSecret" || c.key === "intune:clientCertificatePath") {
                    delete secrets["intune:accessToken"]; // a token would win over the credential being tested
                }
                await rig.stack.host.configure({ "intune:graphEndpoint": rig.emulator.baseUrl, ...c.config, ...secrets });
                const reg = await registration(`config-${i}`, { mobileAppId: VALID_ID, installedDeviceCount: 1 }, `config case ${i}`);
                const engine = rig.engine();
                for (const steps of [await engine.preview([reg]), await engine.up([reg])]) {
                    const error = steps[0].error ?? "(no error)";
                    const prefix = "Invalid intune provider configuration: ";
                    assert.ok(error.startsWith(prefix), error);
                    assert.ok(error.includes(c.key), `names ${c.key}: ${error}`);
                    assert.match(error.slice(prefix.length), c.message);
                    assert.equal(error.split("\n").length, 1, `one problem, one line: ${error}`);
                    if (c.hidden) {
                        assert.ok(!error.includes(c.hidden), `the message holds the secret: ${error}`);
                    }
                }
                assert.equal(engine.state.size, 0);
                assert.deepEqual(rig.emulator.graphRequests(), []);
            });
        }
    });

    it("an invalid environment fallback names the variable and the key it stands for", async () => {
        const rig = await startRig({ hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME, INTUNE_CLOUD: "mars", INTUNE_MAX_RETRIES: "lots" } });
        try {
            const reg = await registration("env", { mobileAppId: VALID_ID, installedDeviceCount: 1 });
            const [step] = await rig.engine().up([reg]);
            assert.deepEqual((step.error ?? "").split("\n"), [
                'Invalid intune provider configuration: INTUNE_CLOUD (environment, for intune:cloud): "mars" is not allowed; use one of public, usgovernment, usgovernmentdod, china.',
                'Invalid intune provider configuration: INTUNE_MAX_RETRIES (environment, for intune:maxRetries): must be a whole number from 0 to 100; got "lots".',
            ]);
            assert.deepEqual(rig.emulator.graphRequests(), []);
        } finally {
            await rig.stop();
        }
    });
});

describe("reliability: a user error is shown once, as a message, never as a stack", function () {
    this.timeout(120_000);
    const STACK_LINE = /^\s+at /m;
    const ids = [VALID_ID, "0f6e2d4c-8b1a-4c3d-9e5f-6a7b8c9d0e1f"];
    let rig: Rig;

    before(async () => {
        rig = await startRig({});
        ids.forEach((id) => rig.emulator.addApp(id, { installedDeviceCount: 1 }));
    });
    after(() => rig?.stop());
    beforeEach(() => rig.emulator.clearRequests());

    /** Runs `work`; returns what the host wrote to its stderr meanwhile (the CLI shows it under the stack's diagnostics). */
    async function stderrOf(work: () => Promise<unknown>): Promise<string> {
        const before = rig.stack.host.stderr.length;
        await work();
        return rig.stack.host.stderr.slice(before);
    }

    it("a setting out of range: preview, up, refresh and destroy each refuse every resource with one line naming the key; nothing on stderr, no request", async () => {
        const regs = await Promise.all(
            ids.map((id, i) => registration(`stack-${i}`, { mobileAppId: id, installedDeviceCount: 2 }, "own provider: good config")),
        );
        const engine = rig.engine();
        assert.deepEqual(
            (await engine.up(regs)).map((s) => s.error),
            [undefined, undefined],
        );
        rig.emulator.clearRequests();
        await rig.stack.host.configure({
            "intune:graphEndpoint": rig.emulator.baseUrl,
            "intune:accessToken": secretValue(TEST_TOKEN),
            "intune:writesPerWindow": "99999999",
        });
        const bad = await Promise.all(ids.map((id, i) => registration(`stack-${i}`, { mobileAppId: id, installedDeviceCount: 3 }, "own provider: bad config")));
        const expected = 'Invalid intune provider configuration: intune:writesPerWindow: must be a whole number from 0 to 100000; got "99999999".';
        let steps: Awaited<ReturnType<typeof engine.up>> = [];
        const stderr = await stderrOf(async () => {
            for (const run of [() => engine.preview(bad), () => engine.up(bad)]) {
                steps = await run();
                assert.deepEqual(
                    steps.map((s) => s.error),
                    [expected, expected],
                );
            }
        });
        assert.equal(stderr, "", "nothing more on the host's stderr: the engine shows the message");
        // Refresh and destroy read the provider from the state: give the recorded resources the badly configured one.
        for (const [i, resource] of [...engine.state.values()].entries()) {
            engine.state.set(resource.urn, { ...resource, outputs: { ...resource.outputs, __provider: bad[i].inputs.__provider } });
        }
        const later = await stderrOf(async () => {
            for (const run of [() => engine.refresh(), () => engine.destroy()]) {
                for (const step of await run()) {
                    assert.equal(
                        step.error,
                        `Invalid intune provider configuration:\n  - intune:writesPerWindow: must be a whole number from 0 to 100000; got "99999999".`,
                    );
                }
            }
        });
        assert.doesNotMatch(later, STACK_LINE, later);
        assert.equal(later, "");
        assert.equal(engine.state.size, 2, "nothing was removed");
        assert.deepEqual(rig.emulator.graphRequests(), []);
    });

    it("refresh of an app whose summary Graph no longer serves: the message, and no stack on stderr", async () => {
        // A provider of its own, configured well again (module state is the host's: the last configure wins).
        await rig.stack.host.configure({ "intune:graphEndpoint": rig.emulator.baseUrl, "intune:accessToken": secretValue(TEST_TOKEN) });
        const engine = rig.engine();
        const reg = await registration("retired", { mobileAppId: ids[0], installedDeviceCount: 2 }, "own provider: good config again");
        assert.deepEqual(
            (await engine.up([reg])).map((s) => s.error),
            [undefined],
        );
        rig.emulator.apps.get(ids[0])!.summaryRetired = true;
        try {
            let error: string | undefined;
            const stderr = await stderrOf(async () => {
                [{ error }] = await engine.refresh();
            });
            assert.match(error ?? "", /The app exists, but Graph does not serve its installSummary/);
            assert.doesNotMatch(stderr, STACK_LINE, stderr);
            assert.ok(!stderr.includes("does not serve its installSummary"), `the message is shown once, by the engine: ${stderr}`);
        } finally {
            rig.emulator.apps.get(ids[0])!.summaryRetired = false;
        }
    });
});

/** For the docs: the cases as table rows (input → message), printed with RELIABILITY_REPORT=1. */
after(() => {
    if (process.env.RELIABILITY_REPORT) {
        console.log([...INPUT_CASES, ...COMPUTED_CASES].map((c) => `${c.name} | ${JSON.stringify(c.entry)} | ${c.property}`).join("\n"));
    }
});
