/**
 * Credentials set with `pulumi config set --secret`, through the real CLI: the client secret of the
 * secret-credentials example (signed in with @azure/identity's ClientSecretCredential against the
 * emulator's fake HTTPS authority) and, in a second stack, a ready access token. Neither they nor
 * the tokens the authority issued may appear in any command's output, in `pulumi stack export`, or
 * in any file of the backend or of PULUMI_HOME, even with the provider's verbose HTTP log on.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { APPS_KEY, APP_IDS } from "../support/fixtures";
import { AuthorityRig, CLIENT, TENANT, startAuthority } from "../reliability/support/harness";
import { CliFixture, cliFixture } from "./support/cliFixture";
import { filesBelow, leaks } from "./support/leaks";

const CLIENT_SECRET = "cli-client-secret-Qv83~zZ";
const ACCESS_TOKEN = "cli-access-token-Mt27.Lx";

/** Runs the whole life cycle, then searches every output and file of the workspace for `secrets()`. */
async function assertLifecycleKeepsSecrets(f: CliFixture, secrets: () => string[]): Promise<void> {
    await f.stack.preview(["--diff"]);
    await f.stack.up();
    await f.stack.preview(["--expect-no-changes", "--diff"]);
    await f.stack.refresh();
    const exported = await f.stack.exportState();
    await f.stack.destroy();
    const known = secrets();
    assert.ok(known.length >= 1);
    const found = leaks(
        {
            "the commands' output": f.workspace.allOutput(),
            "pulumi stack export": JSON.stringify(exported),
            ...filesBelow(f.workspace.backendDir),
            ...filesBelow(path.join(f.workspace.home, ".pulumi")),
            [f.stack.configFile]: fs.readFileSync(f.stack.configFile, "utf8"),
        },
        known,
    );
    assert.deepEqual(found, []);
    assert.match(fs.readFileSync(f.stack.configFile, "utf8"), /secure: v1:/, "the stack file holds the secret encrypted");
    assert.match(
        f.workspace.allOutput(),
        /-> PATCH http:\/\/127\.0\.0\.1:\d+\/beta\/deviceAppManagement\/mobileApps\/\S+\/installSummary/,
        "the verbose HTTP log was on",
    );
}

describe("real CLI: credentials from `pulumi config set --secret` never leak", function () {
    this.timeout(300_000);

    describe("a client secret, signing in through @azure/identity (the secret-credentials example)", () => {
        let authority: AuthorityRig;
        let f: CliFixture;
        before(async function () {
            authority = await startAuthority({ secret: CLIENT_SECRET });
            f = await cliFixture(this, {
                source: "examples/secret-credentials",
                token: false,
                registry: authority.registry,
                seed: [{ id: APP_IDS[0], counters: { installedDeviceCount: 1 } }],
                env: { NODE_EXTRA_CA_CERTS: authority.tls.certPath },
                config: {
                    "intune-secret-credentials:mobileAppId": APP_IDS[0],
                    "intune:tenantId": TENANT,
                    "intune:clientId": CLIENT,
                    "intune:authorityHost": authority.url,
                    "intune:logLevel": "verbose",
                },
                secrets: { "intune:clientSecret": CLIENT_SECRET },
            });
        });
        after(async () => {
            await f?.dispose();
            await authority?.stop();
        });

        it("preview, up, refresh and destroy sign in and never show the secret or an issued token", async () => {
            await assertLifecycleKeepsSecrets(f, () => [CLIENT_SECRET, ...authority.registry.issued]);
            assert.ok(authority.registry.issued.length >= 1, "the authority issued tokens");
            assert.equal(f.emulator.counters(APP_IDS[0]).installedDeviceCount, 4, "the deployment worked");
        });
    });

    describe("a ready access token (intune:accessToken)", () => {
        let f: CliFixture;
        before(async function () {
            f = await cliFixture(this, {
                source: "examples/stack-config",
                token: ACCESS_TOKEN,
                seed: [{ id: APP_IDS[1] }],
                structured: { [APPS_KEY]: [{ name: "teams", mobileAppId: APP_IDS[1], installedDeviceCount: 3 }] },
                config: { "intune:logLevel": "verbose" },
            });
        });
        after(() => f?.dispose());

        it("preview, up, refresh and destroy never show the token", async () => {
            await assertLifecycleKeepsSecrets(f, () => [ACCESS_TOKEN]);
            assert.equal(f.emulator.counters(APP_IDS[1]).installedDeviceCount, 3, "the deployment worked");
        });
    });
});
