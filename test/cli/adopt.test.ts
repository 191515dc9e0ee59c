/**
 * A new user adopts a whole tenant, through the real CLI, from folders outside the repository with
 * the package installed from its tarball: `npx intune-install-summary export` writes the
 * emulator's tenant into the stack-config example's stack config, `pulumi up` adopts it without a
 * single PATCH, the preview after it shows no change and sends nothing, and a program finds an app
 * by its display name.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { promisify } from "node:util";
import { parse } from "yaml";
import { APPS_KEY, TEST_TOKEN } from "../support/fixtures";
import { CliFixture, SeededApp, cliFixture, takeRequests } from "./support/cliFixture";
import { summarySteps } from "./support/pulumiCli";

const run = promisify(execFile);
const id = (n: number) => `5eed0000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** The tenant: named apps with counters, two of the same name, and one whose summary Graph no longer serves. */
const TENANT: SeededApp[] = [
    { id: id(1), displayName: "Microsoft Teams", counters: { installedDeviceCount: 40, failedDeviceCount: 2 } },
    { id: id(2), displayName: "Company Portal", counters: { installedUserCount: 7 } },
    { id: id(3), displayName: "7-Zip", counters: { notInstalledDeviceCount: 3 } },
    { id: id(4), displayName: "Legacy Tool" },
    ...Array.from({ length: 8 }, (_, i) => ({ id: id(10 + i), displayName: `Line of business app ${i}`, counters: { pendingInstallDeviceCount: i } })),
];
const RETIRED = id(4);

describe("real CLI: a new user adopts a whole tenant", function () {
    this.timeout(600_000);

    describe("export, then pulumi up of what it wrote", () => {
        let f: CliFixture;
        before(async function () {
            f = await cliFixture(this, { source: "examples/stack-config", seed: TENANT, behaviour: { appsPageSize: 5 } });
            f.emulator.apps.get(RETIRED)!.summaryRetired = true;
        });
        after(() => f?.dispose());

        it("npx intune-install-summary export writes the apps list into Pulumi.dev.yaml, keeping its settings, the retired app skipped", async () => {
            f.emulator.clearRequests();
            const { stderr } = await run("npx", ["--no", "intune-install-summary", "export", "--stack-config", "Pulumi.dev.yaml"], {
                cwd: f.workspace.programDir,
                env: { ...f.workspace.env, INTUNE_GRAPH_ENDPOINT: f.emulator.baseUrl, INTUNE_ACCESS_TOKEN: TEST_TOKEN },
                timeout: 120_000,
            });
            assert.match(
                stderr,
                new RegExp(
                    `^export: 11 apps written to Pulumi\\.dev\\.yaml \\(intune-install-summaries:apps\\); skipped 1: "Legacy Tool" \\(id ${RETIRED}, #microsoft\\.graph\\.win32LobApp\\) \\(Graph does not serve its installSummary\\); \\d+ Graph requests in`,
                ),
            );
            assert.ok(!stderr.includes(TEST_TOKEN));
            const text = fs.readFileSync(f.stack.configFile, "utf8");
            const config = (parse(text) as { config: Record<string, unknown> }).config;
            assert.equal(config["intune:graphEndpoint"], f.emulator.baseUrl, "the stack's settings are kept");
            assert.ok((config["intune:accessToken"] as { secure?: string }).secure, "the stack's secret is kept, encrypted");
            assert.ok(!text.includes(TEST_TOKEN));
            const apps = config[APPS_KEY] as Array<{ name: string; mobileAppId: string; installedDeviceCount: number }>;
            assert.deepEqual(
                apps.slice(0, 3).map((a) => a.name),
                ["7-zip", "company-portal", "line-of-business-app-0"],
            );
            assert.equal(apps.length, 11);
            assert.equal(apps.find((a) => a.name === "microsoft-teams")!.installedDeviceCount, 40);
            // The listing (12 apps, 5 per page: 3 pages), a GET per app, the GET of the retired app.
            assert.deepEqual(takeRequests(f.emulator), { GET: 3 + 12 + 1 });
        });

        it("pulumi up adopts every app with one GET each and sends no PATCH", async () => {
            await f.stack.up();
            assert.deepEqual(takeRequests(f.emulator), { GET: 11 });
            const state = await f.stack.resources();
            assert.equal(state.size, 11);
            assert.equal(state.get("microsoft-teams")!.outputs!.installedDeviceCount, 40);
            assert.equal(f.emulator.counters(id(1)).installedDeviceCount, 40, "the tenant is as it was");
        });

        it("pulumi preview right after shows no change and sends no request", async () => {
            const digest = await f.stack.previewJson();
            assert.deepEqual(summarySteps(digest), [], "no step other than same");
            // The 11 summaries and the stack itself.
            assert.deepEqual(digest.changeSummary, { same: 12 });
            assert.deepEqual(takeRequests(f.emulator), {});
        });
    });

    describe("a program that finds its app by name (examples/by-name)", () => {
        let f: CliFixture;
        before(async function () {
            f = await cliFixture(this, { source: "examples/by-name", seed: TENANT, config: { "intune-by-name:installedDeviceCount": "41" } });
        });
        after(() => f?.dispose());

        it("pulumi up finds the app by its display name, in any case, and adopts its summary", async () => {
            await f.stack.setConfig({ "intune-by-name:appName": "microsoft TEAMS" });
            await f.stack.up();
            const [summary] = [...(await f.stack.resources()).values()];
            assert.equal(summary.outputs!.mobileAppId, id(1));
            assert.equal(f.emulator.counters(id(1)).installedDeviceCount, 41);
            const outputs = JSON.parse((await f.stack.run(["stack", "output", "--json"])).stdout) as Record<string, string>;
            assert.equal(outputs.appType, "#microsoft.graph.win32LobApp");
        });

        it("a name no app has fails the preview with the nearest names", async () => {
            await f.stack.setConfig({ "intune-by-name:appName": "Microsoft Team" });
            const preview = await f.stack.preview([], { allowFailure: true });
            assert.notEqual(preview.code, 0);
            assert.match(
                `${preview.stdout}${preview.stderr}`,
                /getMobileApp: no app is named "Microsoft Team" \(names are compared without regard to case\); did you mean "Microsoft Teams"\?/,
            );
        });
    });
});
