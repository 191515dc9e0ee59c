/** GraphClient.listMobileApps against the emulator over HTTP: paging to the end, bounded; nextLinks outside the Graph root; bad pages; retries of one page. */
import { strict as assert } from "node:assert";
import { GraphEmulator } from "../../../emulator/graphEmulator";
import type { GraphClient } from "../../../provider/graph/client";
import { OperationStats } from "../../../provider/graph/stats";
import { TEST_TOKEN } from "../../support/fixtures";
import { graphFailure, testClient } from "../../support/graphClient";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

describe("provider/graph/client listMobileApps", () => {
    const emulator = new GraphEmulator({ tokens: [TEST_TOKEN], behaviour: { appsPageSize: 3 } });
    let client: GraphClient;

    before(async () => {
        client = testClient(await emulator.start());
        for (let n = 1; n <= 7; n++) {
            emulator.addApp(id(n), {}, `App ${n}`, n === 7 ? { publisher: "Contoso" } : {});
        }
    });
    beforeEach(() => {
        emulator.clearRequests();
        emulator.clearFaults();
    });
    after(async () => {
        client.close();
        await emulator.stop();
    });

    it("follows @odata.nextLink to the last page, one request per page, the query kept", async () => {
        const stats = new OperationStats();
        const apps = await client.listMobileApps("$select=id,displayName,publisher", stats);
        assert.deepEqual(
            apps.map((a) => a.displayName),
            ["App 1", "App 2", "App 3", "App 4", "App 5", "App 6", "App 7"],
        );
        assert.deepEqual(apps[6], { id: id(7), displayName: "App 7", odataType: "#microsoft.graph.win32LobApp", publisher: "Contoso" });
        assert.equal(stats.requests, 3);
        assert.deepEqual(
            emulator.graphRequests().map((r) => r.path),
            Array(3).fill("/beta/deviceAppManagement/mobileApps"),
        );
    });

    it("stops at maxPages with an error naming the bound", async () => {
        const error = await graphFailure(client.listMobileApps("", new OperationStats(), 2));
        assert.equal(error.kind, "malformed");
        assert.match(error.message, /the listing has more than 2 pages \(6 apps so far\); narrow it with a filter/);
        assert.equal(emulator.graphRequests().length, 2);
    });

    it("refuses a nextLink outside the Graph root, without following it", async () => {
        const page = {
            value: [{ id: id(1), displayName: "App 1" }],
            "@odata.nextLink": "https://elsewhere.example/beta/deviceAppManagement/mobileApps?$skiptoken=3",
        };
        emulator.script({ method: "GET", status: 200, body: JSON.stringify(page) });
        const error = await graphFailure(client.listMobileApps("", new OperationStats()));
        assert.match(
            error.message,
            /its @odata\.nextLink "https:\/\/elsewhere\.example\/beta\/.*" is not under http:\/\/127\.0\.0\.1:\d+\/beta; it is not followed/,
        );
        assert.equal(emulator.graphRequests().length, 1);
    });

    const badPages: Array<[string, string, RegExp]> = [
        ["not JSON", "<html>gateway</html>", /the answer is not a page of apps with a "value" list \(starts with "<html>gateway<\/html>"\)/],
        ["no value list", JSON.stringify({ value: {} }), /not a page of apps/],
        ["an app without id", JSON.stringify({ value: [{ displayName: "x" }] }), /app 0 of the page has no id/],
        ["a name that is not text", JSON.stringify({ value: [{ id: id(1), displayName: 5 }] }), /has a displayName that is not a string/],
        ["a nextLink that is not text", JSON.stringify({ value: [], "@odata.nextLink": 5 }), /its @odata\.nextLink is not a string/],
        ["JSON null", "null", /not a page of apps/],
        ["a list instead of a page", JSON.stringify([{ id: id(1) }]), /not a page of apps/],
        ["an app that is null", JSON.stringify({ value: [null] }), /app 0 of the page has no id/],
        ["an id that is not text", JSON.stringify({ value: [{ id: 5 }] }), /app 0 of the page has no id/],
        ["an empty id", JSON.stringify({ value: [{ id: "" }] }), /app 0 of the page has no id/],
        [
            "a bad second app",
            JSON.stringify({ value: [{ id: id(1) }, { id: id(2), displayName: ["x"] }] }),
            /app 1 of the page .*0002 has a displayName that is not a string/,
        ],
    ];
    for (const [name, body, message] of badPages) {
        it(`fails on a page with ${name}`, async () => {
            emulator.script({ method: "GET", status: 200, body });
            const error = await graphFailure(client.listMobileApps("", new OperationStats()));
            assert.equal(error.kind, "malformed");
            assert.match(error.message, message);
        });
    }

    it("reads each app as the product names it: the id in lower case, a null name and a missing publisher empty, the type defaulted", async () => {
        const value = [
            { id: id(1).toUpperCase(), displayName: null, "@odata.type": "#microsoft.graph.iosVppApp", publisher: 7 },
            { id: id(2), displayName: "Two", publisher: "Contoso" },
        ];
        emulator.script({ method: "GET", status: 200, body: JSON.stringify({ value }) });
        assert.deepEqual(await client.listMobileApps("", new OperationStats()), [
            { id: id(1), displayName: "", odataType: "#microsoft.graph.iosVppApp", publisher: "" },
            { id: id(2), displayName: "Two", odataType: "#microsoft.graph.mobileApp", publisher: "Contoso" },
        ]);
    });

    it("retries a page that failed (503) and goes on from it", async () => {
        emulator.script({
            method: "GET",
            status: 200,
            body: JSON.stringify({ value: [{ id: id(1) }], "@odata.nextLink": `${emulator.baseUrl}/beta/deviceAppManagement/mobileApps?$skiptoken=3` }),
        });
        emulator.script({ method: "GET", status: 503 });
        const stats = new OperationStats();
        const apps = await client.listMobileApps("", stats);
        assert.deepEqual(
            apps.map((a) => a.displayName),
            ["", "App 4", "App 5", "App 6", "App 7"],
        );
        assert.deepEqual([stats.requests, stats.retries], [4, 1]);
    });
});
