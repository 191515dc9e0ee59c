/**
 * Finding apps by name and by selection, with the real Graph client against the emulator over
 * HTTP: an exact match without regard to case, did-you-mean on none, every match on several, and
 * what each costs in requests.
 */
import { strict as assert } from "node:assert";
import { GraphEmulator } from "../../../emulator/graphEmulator";
import type { GraphClient } from "../../../provider/graph/client";
import { OperationStats } from "../../../provider/graph/stats";
import { findMobileApp, findMobileApps, isAppLookupError } from "../../../provider/operations/findMobileApps";
import { TEST_TOKEN } from "../../support/fixtures";
import { testClient } from "../../support/graphClient";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

describe("provider/operations/findMobileApps", () => {
    const emulator = new GraphEmulator({ tokens: [TEST_TOKEN], behaviour: { appsPageSize: 2 } });
    let client: GraphClient;

    before(async () => {
        client = testClient(await emulator.start());
        emulator.seedApp({ id: id(1), displayName: "Microsoft Teams", publisher: "Microsoft" });
        emulator.seedApp({ id: id(2), displayName: "Company Portal", type: "iosStoreApp", publisher: "Microsoft" });
        emulator.seedApp({ id: id(3), displayName: "Company Portal", type: "androidStoreApp", publisher: "Microsoft" });
        emulator.seedApp({ id: id(4), displayName: "Outlook", publisher: "Microsoft" });
        emulator.seedApp({ id: id(5), displayName: "7-Zip", publisher: "Igor Pavlov" });
    });
    beforeEach(() => emulator.clearRequests());
    after(async () => {
        client.close();
        await emulator.stop();
    });

    it("finds the one app of that name, in any case, with one filtered listing", async () => {
        const stats = new OperationStats();
        const found = await findMobileApp({ displayName: "microsoft TEAMS" }, client, stats);
        assert.deepEqual(found, { id: id(1), displayName: "Microsoft Teams", odataType: "#microsoft.graph.win32LobApp", publisher: "Microsoft" });
        assert.equal(stats.requests, 1);
        const [request] = emulator.graphRequests();
        assert.equal(request.path, "/beta/deviceAppManagement/mobileApps");
    });

    it("no app of that name: fails with the nearest names, after one more listing of every name", async () => {
        const stats = new OperationStats();
        await assert.rejects(findMobileApp({ displayName: "Microsoft Team" }, client, stats), (error: unknown) => {
            assert.ok(isAppLookupError(error));
            assert.equal(error.failure.kind, "none");
            assert.equal(
                error.message,
                'getMobileApp: no app is named "Microsoft Team" (names are compared without regard to case); did you mean "Microsoft Teams"?',
            );
            return true;
        });
        // The filtered listing (one page), then every name: 5 apps, 2 per page.
        assert.equal(stats.requests, 4);
    });

    it("no app of that name and none close: says how many apps there are", async () => {
        await assert.rejects(
            findMobileApp({ displayName: "Visual Studio Code" }, client, new OperationStats()),
            /no app is named "Visual Studio Code" \(names are compared without regard to case\); no name of the tenant's 5 apps is close to it/,
        );
    });

    it("several apps of that name: fails listing each with its id and type", async () => {
        await assert.rejects(findMobileApp({ displayName: "Company Portal" }, client, new OperationStats()), (error: unknown) => {
            assert.ok(isAppLookupError(error));
            assert.equal(
                error.message,
                `getMobileApp: 2 apps are named "Company Portal": "Company Portal" (id ${id(2)}, #microsoft.graph.iosStoreApp), ` +
                    `"Company Portal" (id ${id(3)}, #microsoft.graph.androidStoreApp). Give the mobileAppId of the one you mean, or rename the others in Intune.`,
            );
            return true;
        });
    });

    it("an empty tenant says so", async () => {
        const empty = new GraphEmulator({ tokens: [TEST_TOKEN] });
        const emptyClient = testClient(await empty.start());
        try {
            await assert.rejects(findMobileApp({ displayName: "Teams" }, emptyClient, new OperationStats()), /the tenant has no apps/);
        } finally {
            emptyClient.close();
            await empty.stop();
        }
    });

    it("findMobileApps: every app across pages, sorted by name then id; by type through isof; by name text", async () => {
        const stats = new OperationStats();
        const all = await findMobileApps({}, client, stats);
        assert.deepEqual(
            all.map((a) => a.id),
            [id(5), id(2), id(3), id(1), id(4)],
        );
        assert.equal(stats.requests, 3);
        assert.deepEqual(
            (await findMobileApps({ type: "microsoft.graph.iosStoreApp" }, client, new OperationStats())).map((a) => a.id),
            [id(2)],
        );
        assert.deepEqual(
            (await findMobileApps({ displayNameContains: "PORTAL" }, client, new OperationStats())).map((a) => a.id),
            [id(2), id(3)],
        );
        const filtered = await findMobileApps({ filter: "publisher eq 'igor pavlov'", type: "microsoft.graph.win32LobApp" }, client, new OperationStats());
        assert.deepEqual(
            filtered.map((a) => a.displayName),
            ["7-Zip"],
        );
    });
});
