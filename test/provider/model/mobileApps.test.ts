/** The apps' lookup arguments (refused before any request, naming the argument), the queries they become, and the name matching. */
import { strict as assert } from "node:assert";
import {
    AppArgumentError,
    MobileApp,
    appsNamed,
    checkMobileAppArgs,
    checkMobileAppsArgs,
    describeApp,
    isAppArgumentError,
    nearestNames,
    queryForApps,
    queryForName,
    selectApps,
} from "../../../provider/model/mobileApps";

const app = (id: string, displayName: string): MobileApp => ({ id, displayName, odataType: "#microsoft.graph.win32LobApp", publisher: "" });

describe("provider/model/mobileApps", () => {
    describe("argument checks", () => {
        const refused: Array<[string, () => unknown, RegExp]> = [
            [
                "getMobileApp without arguments",
                () => checkMobileAppArgs(undefined),
                /^getMobileApp: the arguments must be an object like \{ displayName: "Microsoft Teams" \}, not undefined\.$/,
            ],
            ["getMobileApp with a string", () => checkMobileAppArgs("Teams"), /^getMobileApp: the arguments must be an object .* not "Teams"\.$/],
            [
                "getMobileApp without displayName",
                () => checkMobileAppArgs({}),
                /^getMobileApp: displayName: undefined is not allowed; give a non-empty string\.$/,
            ],
            ["getMobileApp with a blank displayName", () => checkMobileAppArgs({ displayName: "  " }), /^getMobileApp: displayName: " {2}" is not allowed/],
            ["getMobileApp with a number", () => checkMobileAppArgs({ displayName: 7 }), /^getMobileApp: displayName: 7 is not allowed/],
            [
                "getMobileApp with a misspelt argument",
                () => checkMobileAppArgs({ displayname: "Teams" }),
                /^getMobileApp: displayname: no such argument; did you mean displayName\?; the arguments are displayName\.$/,
            ],
            [
                "getMobileApps with an unknown argument",
                () => checkMobileAppsArgs({ publisher: "x" }),
                /^getMobileApps: publisher: no such argument; the arguments are filter, displayNameContains, type\.$/,
            ],
            ["getMobileApps with a list", () => checkMobileAppsArgs([]), /^getMobileApps: the arguments must be an object/],
            [
                "getMobileApps with an empty filter",
                () => checkMobileAppsArgs({ filter: "" }),
                /^getMobileApps: filter: "" is not allowed; give a non-empty string\.$/,
            ],
            [
                "getMobileApps with a type that is no type",
                () => checkMobileAppsArgs({ type: "win32 app" }),
                /^getMobileApps: type: "win32 app" is not a Graph app type; give one such as win32LobApp/,
            ],
            ["export names itself", () => checkMobileAppsArgs({ type: 3 }, "export"), /^export: type: 3 is not allowed/],
        ];
        for (const [name, run, message] of refused) {
            it(`refuses ${name}`, () => {
                assert.throws(run, (error: unknown) => isAppArgumentError(error) && message.test(error.message));
            });
        }

        it("accepts and normalizes what is allowed", () => {
            assert.deepEqual(checkMobileAppArgs({ displayName: "Teams" }), { displayName: "Teams" });
            assert.deepEqual(checkMobileAppsArgs(), {});
            assert.deepEqual(checkMobileAppsArgs({ type: "win32LobApp" }), { type: "microsoft.graph.win32LobApp" });
            assert.deepEqual(checkMobileAppsArgs({ type: "#microsoft.graph.iosStoreApp", displayNameContains: "x", filter: "a" }), {
                type: "microsoft.graph.iosStoreApp",
                displayNameContains: "x",
                filter: "a",
            });
        });
    });

    describe("queries", () => {
        const cases: Array<[string, string, string]> = [
            ["by name, quotes doubled", queryForName({ displayName: "O'Brien Tools" }), "displayName eq 'O''Brien Tools'"],
            ["every app", queryForApps({}), ""],
            ["by type", queryForApps({ type: "microsoft.graph.win32LobApp" }), "isof('microsoft.graph.win32LobApp')"],
            ["the user's filter as is", queryForApps({ filter: "publisher eq 'Microsoft'" }), "publisher eq 'Microsoft'"],
            [
                "type and the user's filter, in parentheses",
                queryForApps({ type: "microsoft.graph.win32LobApp", filter: "publisher eq 'A' or publisher eq 'B'" }),
                "isof('microsoft.graph.win32LobApp') and (publisher eq 'A' or publisher eq 'B')",
            ],
            ["displayNameContains is not sent", queryForApps({ displayNameContains: "team" }), ""],
        ];
        for (const [name, query, filter] of cases) {
            it(name, () => {
                const params = new URLSearchParams(query);
                assert.equal(params.get("$filter") ?? "", filter);
                assert.equal(params.get("$select"), "id,displayName,publisher");
                assert.ok(!query.includes(" "), `spaces are encoded: ${query}`);
            });
        }
    });

    describe("matching", () => {
        const listed = [app("1", "Microsoft Teams"), app("2", "microsoft teams"), app("3", "Microsoft Teams Rooms"), app("4", "Outlook")];

        it("appsNamed matches the whole name without regard to case", () => {
            assert.deepEqual(
                appsNamed(listed, "MICROSOFT TEAMS").map((a) => a.id),
                ["1", "2"],
            );
            assert.deepEqual(appsNamed(listed, "Teams"), []);
        });

        it("selectApps keeps the names that contain the text, without regard to case", () => {
            assert.deepEqual(
                selectApps(listed, { displayNameContains: "TEAMS" }).map((a) => a.id),
                ["1", "2", "3"],
            );
            assert.equal(selectApps(listed, {}).length, 4);
        });

        it("nearestNames lists the nearest first, at most three, each once, none far off", () => {
            assert.deepEqual(nearestNames("Microsoft Team", [...listed.map((a) => a.displayName), "Teams"]), [
                "Microsoft Teams",
                "microsoft teams",
                "Microsoft Teams Rooms",
            ]);
            assert.deepEqual(nearestNames("Outlok", ["Word", "Outlooks", "Outlook", "Outlook"], 2), ["Outlook", "Outlooks"]);
            assert.deepEqual(nearestNames("Outlok", ["Microsoft Teams"]), []);
            assert.deepEqual(nearestNames("x", []), []);
        });
    });

    describe("isAppArgumentError", () => {
        const named = (name: string, argument?: unknown) => Object.assign(new Error("x"), { name, ...(argument === undefined ? {} : { argument }) });
        const cases: Array<[string, unknown, boolean]> = [
            ["an AppArgumentError", new AppArgumentError("getMobileApp: displayName", "x"), true],
            ["an Error of that name with its argument (from another copy of the package)", named("AppArgumentError", "getMobileApps: type"), true],
            ["an Error of that name without an argument", named("AppArgumentError"), false],
            ["an Error of that name whose argument is not text", named("AppArgumentError", 3), false],
            ["an Error of another name with an argument", named("TypeError", "x"), false],
            ["an object that looks like one but is not an Error", { name: "AppArgumentError", argument: "x", message: "x" }, false],
            ["undefined", undefined, false],
        ];
        for (const [name, value, expected] of cases) {
            it(`${name}: ${expected}`, () => assert.equal(isAppArgumentError(value), expected));
        }
    });

    describe("did-you-mean and messages", () => {
        it("nearestNames breaks ties of distance by name, in either order given", () => {
            for (const names of [
                ["Teamz", "Teamy", "Teamx"],
                ["Teamx", "Teamz", "Teamy"],
            ]) {
                assert.deepEqual(nearestNames("Teams", names), ["Teamx", "Teamy", "Teamz"]);
            }
        });

        it("nearestNames offers names within half the name's length in edits (at least 2), not further", () => {
            // "Outlook" has 7 letters: up to 4 edits are offered.
            assert.deepEqual(nearestNames("Outlook", ["Outlxxxx", "Outxxxxx"]), ["Outlxxxx"]);
            // a short name: still 2 edits
            assert.deepEqual(nearestNames("ab", ["xy", "xyz"]), ["xy"]);
        });

        it("describeApp quotes the name and gives the id and type", () => {
            assert.equal(describeApp(app("3a1f", 'Teams "new"')), '"Teams \\"new\\"" (id 3a1f, #microsoft.graph.win32LobApp)');
        });

        it("a type with a # elsewhere than at its start is refused", () => {
            assert.throws(() => checkMobileAppsArgs({ type: "win32#LobApp" }), /getMobileApps: type: "win32#LobApp" is not a Graph app type/);
        });
    });
});
