/**
 * What a user sees through the real `pulumi` CLI when something is wrong: invalid inputs and
 * settings (refused by preview, before any request, once each and without a stack trace), an app
 * that does not exist, and a create that Graph accepted but did not apply, whose stack must still
 * refresh and destroy without another `up`.
 */
import { strict as assert } from "node:assert";
import { APPS_KEY, APP_IDS } from "../support/fixtures";
import { CliFixture, cliFixture, takeRequests } from "./support/cliFixture";

const [TEAMS] = APP_IDS;
const MISSING = "9f9f9f9f-0000-4000-8000-000000000001";

/** No line of a stack trace (SDK or gRPC internals) may reach the user. */
function assertNoStackTrace(text: string): void {
    assert.doesNotMatch(text, /^\s+at .+\(.+:\d+:\d+\)$/m, "no stack trace in the output");
}

/**
 * How often `needle` occurs in the "Diagnostics:" summary at the end of a command's output. (The
 * non-interactive progress lines above it echo each diagnostic as it happens; an interactive
 * terminal shows the summary only.)
 */
function timesInDiagnostics(output: string, needle: string): number {
    const start = output.indexOf("\nDiagnostics:\n");
    const end = output.indexOf("\nResources:\n", start);
    return start < 0 ? 0 : output.slice(start, end < 0 ? undefined : end).split(needle).length - 1;
}

describe("real CLI: bad inputs and settings", function () {
    this.timeout(300_000);
    let f: CliFixture;

    before(async function () {
        f = await cliFixture(this, { source: "examples/stack-config", seed: [{ id: TEAMS }] });
    });
    after(() => f?.dispose());

    const CASES: Array<{ name: string; app: Record<string, unknown>; message: RegExp }> = [
        {
            name: "a negative counter",
            app: { name: "teams", mobileAppId: TEAMS, installedDeviceCount: -1 },
            message: /installedDeviceCount is a count and cannot be negative; got -1\. Allowed: a whole number from 0 to 2147483647\./,
        },
        {
            name: "a counter as a string",
            app: { name: "teams", mobileAppId: TEAMS, failedDeviceCount: "3" },
            message: /failedDeviceCount must be a whole number from 0 to 2147483647; got the string "3" \(a number in quotes/,
        },
        {
            name: "a misspelt counter",
            app: { name: "teams", mobileAppId: TEAMS, instaledDeviceCount: 4 },
            message: /"instaledDeviceCount" is not a property of MobileAppInstallSummary\. Did you mean "installedDeviceCount"\?/,
        },
        {
            name: "a mobileAppId that is not a GUID",
            app: { name: "teams", mobileAppId: "teams-app" },
            message:
                /mobileAppId must be a GUID such as 3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b \(the id of the app in Intune\), 36 characters without braces; got the string "teams-app"\./,
        },
    ];
    for (const c of CASES) {
        it(`${c.name}: preview fails with check's message, once, without a stack trace, and sends no request`, async () => {
            f.stack.setStructuredConfig(APPS_KEY, [c.app]);
            const result = await f.stack.preview([], { allowFailure: true });
            const output = `${result.stdout}\n${result.stderr}`;
            assert.notEqual(result.code, 0);
            assert.match(output, c.message);
            assert.equal(timesInDiagnostics(output, c.message.exec(output)![0]), 1, `the message is shown once:\n${output}`);
            assertNoStackTrace(output);
            assert.deepEqual(takeRequests(f.emulator), {});
        });
    }

    it("an invalid setting (intune:writesPerWindow out of range): preview fails naming the key, once, without a stack trace, no request", async () => {
        f.stack.setStructuredConfig(APPS_KEY, [
            { name: "teams", mobileAppId: TEAMS, installedDeviceCount: 4 },
            { name: "again", mobileAppId: APP_IDS[1] },
        ]);
        await f.stack.setConfig({ "intune:writesPerWindow": "99999999" });
        try {
            const result = await f.stack.preview([], { allowFailure: true });
            const output = `${result.stdout}\n${result.stderr}`;
            assert.notEqual(result.code, 0);
            const message = 'intune:writesPerWindow: must be a whole number from 0 to 100000; got "99999999".';
            assert.ok(output.includes(message), output);
            assert.equal(timesInDiagnostics(output, message), 1, `the problem is shown once:\n${output}`);
            assertNoStackTrace(output);
            assert.deepEqual(takeRequests(f.emulator), {});
        } finally {
            await f.stack.run(["config", "rm", "intune:writesPerWindow"]);
        }
    });

    it("a misspelt setting (intune:graphEndpont) is named with a did-you-mean, and nothing goes to public Graph", async () => {
        f.stack.setStructuredConfig(APPS_KEY, [{ name: "teams", mobileAppId: TEAMS, installedDeviceCount: 4 }]);
        await f.stack.setConfig({ "intune:graphEndpont": "http://127.0.0.1:9" });
        try {
            const result = await f.stack.preview([], { allowFailure: true });
            const output = `${result.stdout}\n${result.stderr}`;
            assert.match(output, /intune:graphEndpont/);
            assert.match(output, /did you mean "?intune:graphEndpoint"?/i);
            assertNoStackTrace(output);
        } finally {
            await f.stack.run(["config", "rm", "intune:graphEndpont"]);
        }
    });

    it("an app that does not exist: up fails naming it, with a hint where the id comes from; nothing is recorded", async () => {
        f.stack.setStructuredConfig(APPS_KEY, [{ name: "ghost", mobileAppId: MISSING, installedDeviceCount: 4 }]);
        const result = await f.stack.up([], { allowFailure: true });
        const output = `${result.stdout}\n${result.stderr}`;
        assert.notEqual(result.code, 0);
        assert.match(output, new RegExp(`No mobile app with id ${MISSING} exists in this tenant\\. mobileAppId is the app's object id in Intune`));
        assertNoStackTrace(output);
        assert.equal((await f.stack.resources()).size, 0, "no resource recorded for an app that does not exist");
        takeRequests(f.emulator);
    });
});

describe("real CLI: a create that Graph accepted but did not apply", function () {
    this.timeout(300_000);
    let f: CliFixture;

    before(async function () {
        f = await cliFixture(this, {
            source: "examples/stack-config",
            seed: [{ id: TEAMS, counters: { installedDeviceCount: 1 } }],
            behaviour: { ignoreWrites: true },
            config: { "intune:verifyTimeoutMs": "300" },
            structured: { [APPS_KEY]: [{ name: "teams", mobileAppId: TEAMS, installedDeviceCount: 5 }] },
        });
    });
    after(() => f?.dispose());

    it("up fails saying Graph did not apply the write, and records the resource as created with the live values", async () => {
        const result = await f.stack.up([], { allowFailure: true });
        assert.notEqual(result.code, 0);
        assert.match(
            result.stdout,
            /Graph accepted the PATCH of the install summary of app 3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b \(request-id \S+\) but did not apply it/,
        );
        assert.match(result.stdout, /installedDeviceCount = 1 instead of 5/);
        const teams = (await f.stack.resources()).get("teams");
        assert.ok(teams, "the partially created resource is in the state");
        assert.equal(teams.outputs!.installedDeviceCount, 1);
        assert.equal(typeof teams.outputs!.__provider, "string", "the state keeps what the provider host needs for later operations");
    });

    it("refresh of that stack works without another up", async () => {
        await f.stack.refresh();
        assert.equal((await f.stack.resources()).get("teams")!.outputs!.installedDeviceCount, 1);
    });

    it("destroy of that stack works without another up, and leaves the tenant as it is", async () => {
        takeRequests(f.emulator);
        await f.stack.destroy();
        assert.equal((await f.stack.resources()).size, 0);
        assert.deepEqual(takeRequests(f.emulator), {});
    });
});
