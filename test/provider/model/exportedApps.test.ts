/** Resource names and counters of exported apps: from the display name, unique whatever the order. */
import { strict as assert } from "node:assert";
import { exportedApps, nameFromDisplayName } from "../../../provider/model/exportedApps";
import type { MobileApp } from "../../../provider/model/mobileApps";

const app = (id: string, displayName: string): MobileApp => ({ id, displayName, odataType: "#microsoft.graph.win32LobApp", publisher: "" });

describe("provider/model/exportedApps", () => {
    const names: Array<[string, string]> = [
        ["Microsoft Teams", "microsoft-teams"],
        ["  7-Zip (x64) ", "7-zip-x64"],
        ["Café Crème", "cafe-creme"],
        ["企业门户", "app"],
        ["---", "app"],
        ["A".repeat(80), "a".repeat(60)],
        [`${"a".repeat(59)} b`, "a".repeat(59)],
    ];
    for (const [displayName, name] of names) {
        it(`names ${JSON.stringify(displayName)} ${name}`, () => assert.equal(nameFromDisplayName(displayName), name));
    }

    it("makes colliding names unique by the id, the same in any order", () => {
        const apps = [app("aaaaaaaa-1", "Portal"), app("bbbbbbbb-2", "portal"), app("aaaaaaaa-3", "Portal"), app("cccccccc-4", "Teams")];
        const named = exportedApps(apps.map((a) => ({ app: a, summary: {} }))).map((e) => e.name);
        assert.deepEqual(named, ["portal-aaaaaaaa-1", "portal-bbbbbbbb", "portal-aaaaaaaa-3", "teams"]);
        const reversed = exportedApps([...apps].reverse().map((a) => ({ app: a, summary: {} }))).map((e) => e.name);
        assert.deepEqual(reversed, [...named].reverse());
    });

    it("keeps the counters Graph sent, in the field table's order, and nothing else", () => {
        const [exported] = exportedApps([
            { app: app("x", "X"), summary: { id: "s", failedUserCount: 2, installedDeviceCount: 1, "@odata.type": "t", other: 3 } },
        ]);
        assert.deepEqual(Object.entries(exported.counters), [
            ["installedDeviceCount", 1],
            ["failedUserCount", 2],
        ]);
    });
});
