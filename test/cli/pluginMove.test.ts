/**
 * Moving a stack from the dynamic resource to the native plugin, in place, through the real
 * `pulumi` CLI, as docs/plugin.md tells it: the stack-config example deployed with the dynamic
 * provider, then its program changed to the typed SDK with an alias from the dynamic type. The
 * engine asks the plugin to diff the old state (its serialized provider included): the only change
 * is `__provider` going away, so the move is an update without any request, and the state is the
 * native resource's from then on.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { APPS_KEY, APP_IDS } from "../support/fixtures";
import { CliFixture, cliFixture, takeRequests } from "./support/cliFixture";
import { NATIVE_TYPE } from "./support/yamlProgram";

const DYNAMIC_TYPE = "pulumi-nodejs:dynamic/intune:MobileAppInstallSummary";
const APPS = APP_IDS.map((id, i) => ({ name: `app-${i}`, mobileAppId: id, installedDeviceCount: i + 1 }));

/** The stack-config example's program on the typed SDK: the same resources, each with an alias from the dynamic type. */
const NATIVE_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as intune from "pulumi-intune-native";

type AppEntry = intune.MobileAppInstallSummaryArgs & { name?: string; mobileAppId: string };
const apps = new pulumi.Config().requireObject<AppEntry[]>("apps");
for (const { name, ...args } of apps) {
    new intune.MobileAppInstallSummary(name ?? args.mobileAppId, args, { aliases: [{ type: "${DYNAMIC_TYPE}" }] });
}
`;

const PLUGINS = `plugins:
  providers:
    - name: intune
      path: ./node_modules/pulumi-intune-install-summary/plugin
`;

describe("real CLI: a stack moves from the dynamic resource to the plugin in place", function () {
    this.timeout(300_000);
    let f: CliFixture;

    before(async function () {
        f = await cliFixture(this, {
            source: "examples/stack-config",
            packages: "package+sdk",
            seed: APP_IDS.map((id) => ({ id })),
            structured: { [APPS_KEY]: APPS },
        });
        await f.stack.up();
        assert.equal((await f.stack.resources(DYNAMIC_TYPE)).size, APPS.length);
        takeRequests(f.emulator);
        fs.writeFileSync(path.join(f.workspace.programDir, "index.ts"), NATIVE_PROGRAM);
        fs.appendFileSync(path.join(f.workspace.programDir, "Pulumi.yaml"), PLUGINS);
    });
    after(() => f?.dispose());

    it("preview shows each resource as an update of __provider only, no replace, and sends no request", async () => {
        const digest = await f.stack.previewJson();
        const steps = digest.steps.filter((s) => s.urn.includes("MobileAppInstallSummary"));
        const named = (s: (typeof steps)[number]) => s.urn.slice(s.urn.lastIndexOf("::") + 2);
        assert.deepEqual(
            steps.sort((a, b) => named(a).localeCompare(named(b))).map((s) => [named(s), s.op, s.detailedDiff]),
            APPS.map((a) => [a.name, "update", { __provider: { kind: "delete", inputDiff: false } }]),
        );
        assert.deepEqual(takeRequests(f.emulator), {});
    });

    it("up moves every resource with no PATCH; the state holds the native type without a serialized provider", async () => {
        await f.stack.up();
        assert.deepEqual(
            f.emulator.graphRequests().filter((r) => r.method !== "GET"),
            [],
        );
        takeRequests(f.emulator);
        assert.equal((await f.stack.resources(DYNAMIC_TYPE)).size, 0);
        const moved = await f.stack.resources(NATIVE_TYPE);
        assert.deepEqual([...moved.keys()].sort(), APPS.map((a) => a.name).sort());
        for (const [name, r] of moved) {
            assert.ok(!JSON.stringify(r).includes("__provider"), name);
        }
        assert.equal(moved.get("app-2")!.outputs!.installedDeviceCount, 3);
    });

    it("after the move, preview shows no change, and a changed counter is one PATCH through the plugin", async () => {
        await f.stack.preview(["--expect-no-changes"]);
        f.stack.setStructuredConfig(
            APPS_KEY,
            APPS.map((a) => (a.name === "app-0" ? { ...a, installedDeviceCount: 9 } : a)),
        );
        await f.stack.up();
        assert.deepEqual(
            f.emulator.graphRequests("PATCH").map((r) => JSON.parse(r.body!)),
            [{ installedDeviceCount: 9 }],
        );
        assert.match(f.emulator.graphRequests("PATCH")[0].userAgent ?? "", /pulumi-resource-intune/);
    });
});
