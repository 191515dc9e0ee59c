/**
 * A TypeScript program on the plugin's typed SDK (`pulumi-intune-native`, examples/plugin-typescript)
 * through the real `pulumi` CLI: both packages installed from their tarballs, the plugin found
 * through `plugins.providers`. The SDK's classes reach the plugin under the schema's names: the
 * default provider from stack config, an explicit `intune.Provider` with a secret token beside it,
 * a counter's change named in `detailedDiff`, and the life cycle to destroy; then `pulumi import
 * --generate-code=false` (the Node.js language host has no `GenerateProgram`) with the resource
 * written by hand, as docs/plugin.md tells a TypeScript user.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { GraphEmulator } from "../../emulator/graphEmulator";
import { APP_IDS } from "../support/fixtures";
import { CliFixture, cliFixture, takeRequests } from "./support/cliFixture";
import { NATIVE_TYPE } from "./support/yamlProgram";

const [TEAMS, OUTLOOK] = APP_IDS;
const OTHER_TOKEN = "sdk-other-token-Ls20~Qe";

describe("real CLI: a TypeScript program on the plugin's typed SDK", function () {
    this.timeout(300_000);
    let f: CliFixture;
    let other: GraphEmulator;

    before(async function () {
        other = new GraphEmulator({ tokens: [OTHER_TOKEN] });
        const otherUrl = await other.start();
        other.addApp(OUTLOOK);
        f = await cliFixture(this, {
            source: "examples/plugin-typescript",
            packages: "package+sdk",
            seed: [{ id: TEAMS, counters: { installedDeviceCount: 1 } }],
            config: {
                "intune-plugin-typescript:mobileAppId": TEAMS,
                "intune-plugin-typescript:otherEndpoint": otherUrl,
                "intune-plugin-typescript:otherAppId": OUTLOOK,
            },
            secrets: { "intune-plugin-typescript:otherToken": OTHER_TOKEN },
        });
    });
    after(async () => {
        await f?.dispose();
        await other?.stop();
    });

    it("up creates both summaries, each through its own provider, and exports their outputs", async () => {
        const { stdout } = await f.stack.up();
        assert.match(stdout, /\+ 4 created/, "two summaries, the explicit provider and the stack");
        // The read before the write, and the read-back after the 204.
        assert.deepEqual(takeRequests(f.emulator), { PATCH: 1, GET: 2 });
        assert.deepEqual(
            other.graphRequests("PATCH").map((r) => r.path.split("/")[4]),
            [OUTLOOK],
        );
        const outputs = JSON.parse((await f.stack.run(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
        assert.deepEqual(outputs, { installedDeviceCount: 4, outlookUsers: 2 });
        const state = await f.stack.resources(NATIVE_TYPE);
        assert.deepEqual([...state.keys()].sort(), ["outlook", "teams"]);
        const providers = await f.stack.resources("pulumi:providers:intune");
        assert.ok(JSON.stringify(providers.get("other")!.inputs).includes('"ciphertext"'), "the explicit provider's token is stored encrypted");
        assert.ok(!f.workspace.allOutput().includes(OTHER_TOKEN));
    });

    it("a changed counter is named in detailedDiff; up PATCHes it; destroy leaves the tenant as it is", async () => {
        await f.stack.setConfig({ "intune-plugin-typescript:installedDeviceCount": "6" });
        const digest = await f.stack.previewJson();
        const teams = digest.steps.find((s) => s.urn.endsWith("::teams"))!;
        assert.deepEqual(teams.detailedDiff, { installedDeviceCount: { kind: "update", inputDiff: false } });
        await f.stack.up();
        assert.deepEqual(
            f.emulator.graphRequests("PATCH").map((r) => JSON.parse(r.body!)),
            [{ installedDeviceCount: 6 }],
        );
        takeRequests(f.emulator);
        const { stdout } = await f.stack.destroy();
        assert.match(stdout, /- 4 deleted/);
        assert.deepEqual(takeRequests(f.emulator), {});
        assert.equal(f.emulator.counters(TEAMS).installedDeviceCount, 6);
    });

    it("pulumi import --generate-code=false adopts an app with GETs only; the resource written by hand at the live values shows no change and up sends nothing", async () => {
        takeRequests(f.emulator);
        const live = f.emulator.counters(TEAMS);
        // What a TypeScript user writes by hand after the import: every counter at its imported value.
        const declared = JSON.stringify({ mobileAppId: TEAMS, ...live });
        fs.writeFileSync(
            path.join(f.workspace.programDir, "index.ts"),
            `import * as intune from "pulumi-intune-native";\nnew intune.MobileAppInstallSummary("adopted", ${declared});\n`,
        );
        const { stdout } = await f.stack.run(["import", NATIVE_TYPE, "adopted", TEAMS, "--generate-code=false", "--yes", "--protect=false"]);
        assert.match(stdout, /= 1 imported/);
        assert.deepEqual(Object.keys(takeRequests(f.emulator)), ["GET"], "an import reads, it never writes");
        const adopted = (await f.stack.resources(NATIVE_TYPE)).get("adopted")!;
        assert.deepEqual(adopted.inputs, { mobileAppId: TEAMS, ...live }, "Read returned every counter as an input");
        const digest = await f.stack.previewJson();
        // the stack and the adopted summary; a resource missing from the program would be a delete
        assert.deepEqual(digest.changeSummary, { same: 2 });
        assert.deepEqual(takeRequests(f.emulator), {}, "a preview of unchanged resources sends nothing");
        const up = await f.stack.up();
        assert.doesNotMatch(up.stdout, /updated|created/);
        assert.deepEqual(takeRequests(f.emulator), {});
        assert.deepEqual(f.emulator.counters(TEAMS), live);
    });
});
