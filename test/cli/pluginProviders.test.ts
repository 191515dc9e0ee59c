/**
 * Two providers of the plugin in one Pulumi YAML program, through the real `pulumi` CLI: the
 * default provider from stack config `intune:*`, and an explicit `pulumi:providers:intune` with its
 * own Graph endpoint (a second emulator) and its own secret token, from the project's secret
 * config; a third with its token in plain text in the program, which CheckConfig marks secret. Each resource's requests reach its own provider's endpoint with its own token; neither
 * token appears in plain text in any command's output (the provider's verbose HTTP log on), in
 * `pulumi stack export`, or in any file of the backend, of PULUMI_HOME or of the stack's settings.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { GraphEmulator } from "../../emulator/graphEmulator";
import { APP_IDS } from "../support/fixtures";
import { CliFixture, cliFixture, takeRequests } from "./support/cliFixture";
import { filesBelow, leaks } from "./support/leaks";
import { NATIVE_TYPE, writeYamlResources } from "./support/yamlProgram";

const [TEAMS, OUTLOOK, PORTAL] = APP_IDS;
const DEFAULT_TOKEN = "plugin-default-token-Hq41.Zr";
const EXPLICIT_TOKEN = "plugin-explicit-token-Wd93~Kp";
/** Given in plain text in the program: CheckConfig marks the key secret, so the state still holds it encrypted. */
const PLAIN_TOKEN = "plugin-plain-token-Xb55+Ym";

describe("real CLI: the plugin's default provider beside an explicit provider with its own endpoint and secret token", function () {
    this.timeout(300_000);
    let f: CliFixture;
    let other: GraphEmulator;

    before(async function () {
        f = await cliFixture(this, {
            source: "examples/plugin-yaml",
            token: DEFAULT_TOKEN,
            seed: [{ id: TEAMS }, { id: OUTLOOK }],
            config: { "intune:logLevel": "verbose" },
        });
        other = new GraphEmulator({ tokens: [EXPLICIT_TOKEN, PLAIN_TOKEN] });
        const otherUrl = await other.start();
        other.addApp(OUTLOOK, { installedUserCount: 1 });
        other.addApp(PORTAL);
        writeYamlResources(
            f.workspace.programDir,
            {
                other: { type: "pulumi:providers:intune", properties: { graphEndpoint: otherUrl, accessToken: "${otherToken}", logLevel: "verbose" } },
                teams: { properties: { mobileAppId: TEAMS, installedDeviceCount: 4 } },
                outlook: { properties: { mobileAppId: OUTLOOK, installedUserCount: 2 }, options: { provider: "${other}" } },
                plain: { type: "pulumi:providers:intune", properties: { graphEndpoint: otherUrl, accessToken: PLAIN_TOKEN } },
                portal: { properties: { mobileAppId: PORTAL, failedDeviceCount: 3 }, options: { provider: "${plain}" } },
            },
            { otherToken: { type: "string", secret: true } },
        );
        await f.stack.setConfig({}, { otherToken: EXPLICIT_TOKEN });
    });
    after(async () => {
        await f?.dispose();
        await other?.stop();
    });

    it("up sends each resource's PATCH to its own provider's endpoint, with its own token", async () => {
        await f.stack.up();
        assert.deepEqual(
            f.emulator.graphRequests("PATCH").map((r) => r.path.split("/")[4]),
            [TEAMS],
        );
        assert.deepEqual(
            other
                .graphRequests("PATCH")
                .map((r) => r.path.split("/")[4])
                .sort(),
            [OUTLOOK, PORTAL].sort(),
        );
        assert.equal(f.emulator.counters(TEAMS).installedDeviceCount, 4);
        assert.equal(other.counters(OUTLOOK).installedUserCount, 2);
        const providers = await f.stack.resources("pulumi:providers:intune");
        assert.deepEqual([...providers.keys()].sort(), ["default", "other", "plain"]);
        const resources = await f.stack.resources(NATIVE_TYPE);
        assert.match(resources.get("outlook")!.provider!, /::pulumi:providers:intune::other::/);
        assert.match(resources.get("teams")!.provider!, /::pulumi:providers:intune::default::/);
        for (const [name, p] of providers) {
            assert.ok(JSON.stringify(p.inputs).includes('"ciphertext"'), `${name}: the token is stored encrypted`);
            assert.ok(JSON.stringify(p.outputs).includes('"ciphertext"'), `${name}: the token is stored encrypted`);
        }
    });

    it("preview, refresh and destroy through both providers never show either token", async () => {
        await f.stack.preview(["--expect-no-changes", "--diff"]);
        other.setCounters(OUTLOOK, { installedUserCount: 9 });
        const refresh = await f.stack.refresh();
        assert.match(refresh.stdout, /outlook updated \([\d.]+s\) \[diff: ~installedUserCount\]/);
        const exported = await f.stack.exportState();
        await f.stack.destroy();
        assert.equal(other.counters(OUTLOOK).installedUserCount, 9, "destroy leaves the tenant as it is");
        takeRequests(f.emulator);
        const found = leaks(
            {
                "the commands' output": f.workspace.allOutput(),
                "pulumi stack export": JSON.stringify(exported),
                ...filesBelow(f.workspace.backendDir),
                ...filesBelow(path.join(f.workspace.home, ".pulumi")),
                [f.stack.configFile]: fs.readFileSync(f.stack.configFile, "utf8"),
            },
            [DEFAULT_TOKEN, EXPLICIT_TOKEN, PLAIN_TOKEN],
        );
        assert.deepEqual(found, []);
        assert.match(
            f.workspace.allOutput(),
            /-> PATCH http:\/\/127\.0\.0\.1:\d+\/beta\/deviceAppManagement\/mobileApps\/\S+\/installSummary/,
            "the verbose HTTP log was on, and reached the output",
        );
    });
});
