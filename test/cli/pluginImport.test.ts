/**
 * `pulumi import` through the plugin and the real `pulumi` CLI, in a Pulumi YAML program: one app
 * by its id, then many from an import file (`pulumi import --file`). An import only reads (GET,
 * never PATCH); the code the CLI prints, pasted into the program, shows no change, and the next
 * `pulumi up` sends nothing.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { APP_IDS } from "../support/fixtures";
import { CliFixture, cliFixture, takeRequests } from "./support/cliFixture";
import { NATIVE_TYPE, YamlResource, writeYamlResources } from "./support/yamlProgram";

const [TEAMS] = APP_IDS;
/** The apps of the bulk import: ids made from their index. */
const BULK = Array.from({ length: 12 }, (_, i) => `5e0c7a10-0000-4000-8000-${String(i).padStart(12, "0")}`);

/** The resources of the YAML code `pulumi import` generated (`--out`). */
function generatedResources(file: string): Record<string, YamlResource> {
    return (yaml.load(fs.readFileSync(file, "utf8")) as { resources: Record<string, YamlResource> }).resources;
}

describe("real CLI: pulumi import through the plugin", function () {
    this.timeout(300_000);
    let f: CliFixture;
    let program: Record<string, YamlResource> = {};

    before(async function () {
        f = await cliFixture(this, {
            source: "examples/plugin-yaml",
            seed: [
                { id: TEAMS, counters: { installedDeviceCount: 6, failedDeviceCount: 2 } },
                ...BULK.map((id, i) => ({ id, counters: { installedUserCount: i } })),
            ],
        });
        writeYamlResources(f.workspace.programDir, program, {});
    });
    after(() => f?.dispose());

    it("imports one app's summary by its id with GETs only, and prints the code to paste, every counter at its live value", async () => {
        const out = path.join(f.workspace.home, "teams.yaml");
        const { stdout } = await f.stack.run(["import", NATIVE_TYPE, "teams", TEAMS.toUpperCase(), "--yes", "--protect=false", "--out", out]);
        assert.match(stdout, /= 1 imported/);
        assert.deepEqual(Object.keys(takeRequests(f.emulator)), ["GET"]);
        const code = generatedResources(out);
        assert.deepEqual(code.teams.properties, {
            mobileAppId: TEAMS,
            installedDeviceCount: 6,
            failedDeviceCount: 2,
            notInstalledDeviceCount: 0,
            installedUserCount: 0,
            failedUserCount: 0,
            notInstalledUserCount: 0,
            notApplicableDeviceCount: 0,
            pendingInstallDeviceCount: 0,
            notApplicableUserCount: 0,
            pendingInstallUserCount: 0,
        });
        const state = await f.stack.resources(NATIVE_TYPE);
        assert.equal(state.get("teams")!.id, TEAMS, "the id in lower case, as every request uses it");
        assert.equal(state.get("teams")!.outputs!.installedDeviceCount, 6);
    });

    it("with the code pasted, preview shows no change and up sends no request", async () => {
        program = generatedResources(path.join(f.workspace.home, "teams.yaml"));
        writeYamlResources(f.workspace.programDir, program);
        await f.stack.preview(["--expect-no-changes"]);
        const up = await f.stack.up();
        assert.match(up.stdout, /2 unchanged/);
        assert.deepEqual(takeRequests(f.emulator), {});
    });

    it(`imports ${BULK.length} apps from an import file with one GET each and no PATCH; pasted, their code shows no change`, async () => {
        const file = path.join(f.workspace.home, "imports.json");
        fs.writeFileSync(file, JSON.stringify({ resources: BULK.map((id, i) => ({ type: NATIVE_TYPE, name: `app-${i}`, id })) }));
        const out = path.join(f.workspace.home, "bulk.yaml");
        const { stdout } = await f.stack.run(["import", "--file", file, "--yes", "--protect=false", "--out", out]);
        assert.match(stdout, new RegExp(`= ${BULK.length} imported`));
        const requests = f.emulator.graphRequests();
        assert.deepEqual(
            requests.filter((r) => r.method !== "GET"),
            [],
        );
        assert.deepEqual([...new Set(requests.map((r) => r.path.split("/")[4]))].sort(), [...BULK].sort());
        takeRequests(f.emulator);
        const code = generatedResources(out);
        assert.equal(Object.keys(code).length, BULK.length);
        assert.equal(code["app-3"].properties!.installedUserCount, 3);

        writeYamlResources(f.workspace.programDir, { ...program, ...code });
        await f.stack.preview(["--expect-no-changes"]);
        assert.deepEqual(takeRequests(f.emulator), {});
    });

    it("an imported resource is managed as any other: a declared change is one PATCH of that counter", async () => {
        const code = generatedResources(path.join(f.workspace.home, "bulk.yaml"));
        writeYamlResources(f.workspace.programDir, {
            ...program,
            ...code,
            "app-0": { ...code["app-0"], properties: { ...code["app-0"].properties, installedUserCount: 40 } },
        });
        const digest = await f.stack.previewJson();
        const step = digest.steps.find((s) => s.urn.endsWith("::app-0"))!;
        assert.deepEqual(step.detailedDiff, { installedUserCount: { kind: "update", inputDiff: false } });
        await f.stack.up();
        assert.deepEqual(
            f.emulator.graphRequests("PATCH").map((r) => JSON.parse(r.body!)),
            [{ installedUserCount: 40 }],
        );
    });
});
