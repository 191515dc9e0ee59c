/**
 * getMobileApp / getMobileApps as a program calls them: settings from the program's `intune:*`
 * config (the engine's config in this process) and the environment, against the emulator over
 * HTTP; bad arguments and a bad configuration fail before any request; no secret in an error.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { GraphEmulator } from "../../../emulator/graphEmulator";
import { getMobileApp, getMobileApps, isAppArgumentError, isAppLookupError } from "../../../provider";
import { TEST_TOKEN } from "../../support/fixtures";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

describe("provider/program/mobileApps getMobileApp, getMobileApps", () => {
    const emulator = new GraphEmulator({ tokens: [TEST_TOKEN] });
    const savedEnv = { ...process.env };

    before(async () => {
        await emulator.start();
        emulator.seedApp({ id: id(1), displayName: "Microsoft Teams", publisher: "Microsoft" });
        emulator.seedApp({ id: id(2), displayName: "Company Portal", type: "iosStoreApp" });
    });
    beforeEach(() => {
        emulator.clearRequests();
        for (const name of Object.keys(process.env).filter((n) => n.startsWith("INTUNE_") || n.startsWith("AZURE_"))) {
            delete process.env[name];
        }
        pulumi.runtime.setAllConfig({ "intune:graphEndpoint": emulator.baseUrl, "intune:accessToken": TEST_TOKEN }, ["intune:accessToken"]);
    });
    after(async () => {
        process.env = savedEnv;
        pulumi.runtime.setAllConfig({});
        await emulator.stop();
    });

    it("finds an app by name with the program's intune config", async () => {
        const app = await getMobileApp({ displayName: "microsoft teams" });
        assert.deepEqual(app, { id: id(1), displayName: "Microsoft Teams", odataType: "#microsoft.graph.win32LobApp", publisher: "Microsoft" });
        assert.equal(emulator.graphRequests()[0].authorization, `Bearer ${TEST_TOKEN}`);
        assert.match(emulator.graphRequests()[0].userAgent ?? "", /^pulumi-intune-install-summary\/\S+ pulumi-program /);
    });

    it("falls back to the provider's environment variables", async () => {
        pulumi.runtime.setAllConfig({});
        process.env.INTUNE_GRAPH_ENDPOINT = emulator.baseUrl;
        process.env.INTUNE_ACCESS_TOKEN = TEST_TOKEN;
        assert.deepEqual(
            (await getMobileApps({ type: "iosStoreApp" })).map((a) => a.id),
            [id(2)],
        );
    });

    it("bad arguments fail before any request, naming the argument", async () => {
        await assert.rejects(
            getMobileApp({ displayName: "" }),
            (e: unknown) => isAppArgumentError(e) && /^getMobileApp: displayName: "" is not allowed/.test(e.message),
        );
        // A program in plain JavaScript can pass anything.
        await assert.rejects(getMobileApps({ typ: "x" } as never), /getMobileApps: typ: no such argument; did you mean type\?/);
        assert.equal(emulator.graphRequests().length, 0);
    });

    it("a bad configuration fails before any request, naming the key", async () => {
        pulumi.runtime.setAllConfig({ "intune:graphEndpoint": "not a url", "intune:accessToken": TEST_TOKEN, "intune:graphEndpiont": "x" });
        await assert.rejects(
            getMobileApp({ displayName: "Teams" }),
            (e: Error) => /intune:graphEndpoint/.test(e.message) && /did you mean intune:graphEndpoint\?/.test(e.message),
        );
        assert.equal(emulator.graphRequests().length, 0);
    });

    it("no match fails with did-you-mean; a Graph failure never shows the token", async () => {
        await assert.rejects(
            getMobileApp({ displayName: "Microsoft Teem" }),
            (e: unknown) => isAppLookupError(e) && /did you mean "Microsoft Teams"\?/.test(e.message),
        );
        emulator.script({ method: "GET", status: 403, code: "Forbidden", echoAuthorization: true });
        await assert.rejects(getMobileApp({ displayName: "Microsoft Teams" }), (e: Error) => {
            assert.match(e.message, /403 Forbidden/);
            assert.ok(!e.message.includes(TEST_TOKEN), e.message);
            return true;
        });
    });
});
