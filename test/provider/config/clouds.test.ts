import { strict as assert } from "node:assert";
import { CLOUD_NAMES, graphScope, isKnownAuthorityHost } from "../../../provider/config/clouds";

describe("provider/config/clouds", () => {
    it("knows the four national clouds", () => assert.deepEqual(CLOUD_NAMES, ["public", "usgovernment", "usgovernmentdod", "china"]));

    const scopes = [
        { cloud: "public", scope: "https://graph.microsoft.com/.default" },
        { cloud: "usgovernment", scope: "https://graph.microsoft.us/.default" },
        { cloud: "usgovernmentdod", scope: "https://dod-graph.microsoft.us/.default" },
        { cloud: "china", scope: "https://microsoftgraph.chinacloudapi.cn/.default" },
    ] as const;
    for (const c of scopes) {
        it(`scope of ${c.cloud} is ${c.scope}`, () => assert.equal(graphScope(c.cloud), c.scope));
    }

    const hosts: Array<{ host: string; known: boolean }> = [
        { host: "https://login.microsoftonline.com", known: true },
        { host: "https://login.microsoftonline.com/", known: true },
        { host: "https://login.microsoftonline.com//", known: true },
        { host: "https://LOGIN.microsoftonline.US", known: true },
        { host: "https://login.chinacloudapi.cn", known: true },
        { host: "https://127.0.0.1:8443", known: false },
        { host: "https://login.microsoftonline.com.evil.example", known: false },
        { host: "http://login.microsoftonline.com", known: false },
    ];
    for (const c of hosts) {
        it(`${c.host} is ${c.known ? "" : "not "}a cloud's sign-in host`, () => assert.equal(isKnownAuthorityHost(c.host), c.known));
    }
});
