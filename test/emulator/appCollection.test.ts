/**
 * The emulator's `mobileApps` collection: the `$filter` forms (a table over the parser), and the
 * route over real HTTP: paging through `@odata.nextLink`, `$select`, refusals in Graph's shape,
 * and the app's type and publisher from seeds and the admin API.
 */
import { strict as assert } from "node:assert";
import { ListedApp, parseAppFilter } from "../../emulator/appCollection";
import { GraphEmulator } from "../../emulator/graphEmulator";
import { APP, OTHER_APP, TOKEN, call } from "./support/http";

const COLLECTION = "/beta/deviceAppManagement/mobileApps";

const APPS: ListedApp[] = [
    { id: "a", displayName: "Microsoft Teams", type: "microsoft.graph.win32LobApp", publisher: "Microsoft" },
    { id: "b", displayName: "Company Portal", type: "microsoft.graph.iosStoreApp", publisher: "Microsoft" },
    { id: "c", displayName: "O'Brien Tools", type: "microsoft.graph.win32LobApp", publisher: "Contoso" },
];

describe("emulator mobileApps collection", () => {
    describe("$filter", () => {
        const cases: Array<[string, string, string[]]> = [
            ["eq on displayName, any case", "displayName eq 'microsoft teams'", ["a"]],
            ["eq on publisher", "publisher eq 'Contoso'", ["c"]],
            ["a doubled quote inside a literal", "displayName eq 'O''Brien Tools'", ["c"]],
            ["isof, with the namespace", "isof('microsoft.graph.iosStoreApp')", ["b"]],
            ["startswith", "startswith(displayName,'comp')", ["b"]],
            ["contains", "contains(displayName, 'TEAM')", ["a"]],
            ["clauses joined by and", "isof('microsoft.graph.win32LobApp') and publisher eq 'Microsoft'", ["a"]],
            ["keywords in any case", "DisplayName EQ 'Company Portal' AND isof('microsoft.graph.iosStoreApp')", ["b"]],
            ["a group in parentheses", "isof('microsoft.graph.win32LobApp') and (publisher eq 'Contoso' and startswith(displayName,'o'))", ["c"]],
            ["no match", "displayName eq 'Outlook'", []],
        ];
        for (const [name, filter, ids] of cases) {
            it(name, () => {
                const predicate = parseAppFilter(filter);
                assert.equal(typeof predicate, "function", String(predicate));
                assert.deepEqual(
                    APPS.filter(predicate as (a: ListedApp) => boolean).map((a) => a.id),
                    ids,
                );
            });
        }

        const refused: Array<[string, string, RegExp]> = [
            ["an unknown property", "owner eq 'x'", /the property 'owner' cannot be filtered on; use displayName or publisher/],
            ["an operator other than eq", "displayName ne 'x'", /only eq is supported on displayName/],
            ["an unclosed literal", "displayName eq 'x", /eq takes a quoted text/],
            ["an unknown function", "endswith(displayName,'x')", /the function 'endswith' is not supported/],
            ["startswith on another property", "startswith(publisher,'x')", /startswith takes displayName and a quoted text/],
            ["or", "displayName eq 'a' or displayName eq 'b'", /expected 'and' or the end \(at character 19/],
            ["an empty filter", "", /expected a property or a function/],
            ["an unclosed group", "(displayName eq 'a'", /expected 'and' or '\)'/],
        ];
        for (const [name, filter, message] of refused) {
            it(`refuses ${name}`, () => {
                const result = parseAppFilter(filter);
                assert.equal(typeof result, "string");
                assert.match(result as string, message);
            });
        }
    });

    describe("over HTTP", () => {
        let emulator: GraphEmulator;
        let url: string;

        beforeEach(async () => {
            emulator = new GraphEmulator({ tokens: [TOKEN], behaviour: { appsPageSize: 2 } });
            url = await emulator.start();
            emulator.seedApp({ id: APP, displayName: "Microsoft Teams", publisher: "Microsoft" });
            emulator.seedApp({ id: OTHER_APP, displayName: "Company Portal", type: "iosStoreApp", publisher: "Microsoft" });
            for (let i = 0; i < 3; i++) {
                emulator.addApp(`00000000-0000-4000-8000-00000000000${i}`, {}, `Tool ${i}`);
            }
        });
        afterEach(() => emulator.stop());

        /** Follows `@odata.nextLink` from `first`; every link must be on the emulator's own host. */
        async function allPages(first: string): Promise<Array<Array<Record<string, unknown>>>> {
            const pages: Array<Array<Record<string, unknown>>> = [];
            let next: string | undefined = `${url}${first}`;
            while (next !== undefined && pages.length < 10) {
                const link: URL = new URL(next);
                assert.equal(link.origin, url);
                const answer = await call(url, `${link.pathname}${link.search}`);
                assert.equal(answer.status, 200, answer.text);
                pages.push(answer.json.value);
                next = answer.json["@odata.nextLink"];
            }
            return pages;
        }

        it("pages the whole tenant, appsPageSize per page, the last page without a nextLink", async () => {
            const pages = await allPages(COLLECTION);
            assert.deepEqual(
                pages.map((p) => p.length),
                [2, 2, 1],
            );
            assert.deepEqual(
                pages.flat().map((a) => a.displayName),
                ["Microsoft Teams", "Company Portal", "Tool 0", "Tool 1", "Tool 2"],
            );
            assert.deepEqual(pages[0][1], {
                "@odata.type": "#microsoft.graph.iosStoreApp",
                id: OTHER_APP,
                displayName: "Company Portal",
                publisher: "Microsoft",
            });
        });

        it("keeps $filter and $select across pages", async () => {
            const query = `$filter=${encodeURIComponent("startswith(displayName,'tool')")}&$select=id,displayName`;
            const pages = await allPages(`${COLLECTION}?${query}`);
            assert.deepEqual(
                pages.flat().map((a) => Object.keys(a).sort().join(",")),
                ["@odata.type,displayName,id", "@odata.type,displayName,id", "@odata.type,displayName,id"],
            );
            assert.deepEqual(
                pages.flat().map((a) => a.displayName),
                ["Tool 0", "Tool 1", "Tool 2"],
            );
            assert.equal(emulator.graphRequests("GET").length, 2);
        });

        it("answers 400 BadRequest in Graph's shape for a filter or select it does not support", async () => {
            const badFilter = await call(url, `${COLLECTION}?$filter=${encodeURIComponent("displayName ne 'x'")}`);
            assert.equal(badFilter.status, 400);
            assert.equal(badFilter.json.error.code, "BadRequest");
            assert.match(badFilter.json.error.message, /Invalid filter clause: only eq is supported on displayName/);
            const badSelect = await call(url, `${COLLECTION}?$select=id,owner`);
            assert.equal(badSelect.status, 400);
            assert.match(badSelect.json.error.message, /Could not find a property named 'owner'/);
            const badToken = await call(url, `${COLLECTION}?$skiptoken=abc`);
            assert.equal(badToken.status, 400);
        });

        it("requires the token, and answers 405 for other methods", async () => {
            assert.equal((await call(url, COLLECTION, { token: null })).status, 401);
            assert.equal((await call(url, COLLECTION, { method: "POST", body: {} })).status, 405);
        });

        it("the app's GET and the admin API show and change type and publisher", async () => {
            const app = await call(url, `/beta/deviceAppManagement/mobileApps/${OTHER_APP}`);
            assert.deepEqual([app.json["@odata.type"], app.json.publisher], ["#microsoft.graph.iosStoreApp", "Microsoft"]);
            const changed = await call(url, `/_emulator/apps/${OTHER_APP}`, {
                method: "PATCH",
                token: null,
                body: { type: "androidStoreApp", publisher: "Contoso" },
            });
            assert.deepEqual([changed.status, changed.json.type, changed.json.publisher], [200, "microsoft.graph.androidStoreApp", "Contoso"]);
            const refused = await call(url, `/_emulator/apps/${OTHER_APP}`, { method: "PATCH", token: null, body: { type: 7 } });
            assert.equal(refused.status, 400);
            assert.match(refused.json.error, /app\.type: 7 is not allowed/);
        });
    });
});
