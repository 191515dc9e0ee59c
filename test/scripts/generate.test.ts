/**
 * `npm run generate` (scripts/generate.ts): the plugin's schema and the typed Node.js SDK are made
 * from the field table and the configuration table. The committed files must be what it writes
 * (a change of either table without a regeneration fails here), the plugin must serve the committed
 * schema, and the SDK must register what the schema declares (under Pulumi's mocks).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS } from "../../provider/config/configKeys";
import { COUNTER_NAMES } from "../../provider/model/fields";
import { PackageSchema, RESOURCE_TYPE, packageSchema } from "../../provider/plugin/schema";
import { packageVersion } from "../../provider/session/packageInfo";
import { generatedFiles } from "../../scripts/generate";
import { MobileAppInstallSummary, MobileAppInstallSummaryArgs, Provider } from "../../sdk/nodejs";
import { APP_IDS, REPO_ROOT } from "../support/fixtures";

const committedSchema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "plugin", "schema.json"), "utf8")) as PackageSchema;

describe("scripts/generate: the schema and the SDK from the tables", () => {
    it("the committed plugin/schema.json and sdk/nodejs/ are what npm run generate writes", async () => {
        const files = await generatedFiles();
        assert.deepEqual(Object.keys(files).sort(), [
            "plugin/schema.json",
            "sdk/nodejs/index.ts",
            "sdk/nodejs/mobileAppInstallSummary.ts",
            "sdk/nodejs/package.json",
            "sdk/nodejs/provider.ts",
            "sdk/nodejs/utilities.ts",
        ]);
        for (const [file, text] of Object.entries(files)) {
            assert.equal(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"), text, `${file} is out of date: run npm run generate`);
        }
    });

    it("the plugin serves the committed schema (GetSchema)", () => {
        assert.deepEqual(packageSchema(packageVersion()), committedSchema);
    });

    it("every counter is an input and an output of the resource, every configuration key a property of the provider, secret ones secret", () => {
        const resource = committedSchema.resources[RESOURCE_TYPE];
        assert.deepEqual(Object.keys(resource.inputProperties), ["mobileAppId", ...COUNTER_NAMES, "restoreOnDestroy"]);
        assert.deepEqual(Object.keys(resource.properties), ["mobileAppId", "summaryId", ...COUNTER_NAMES, "restoreOnDestroy"]);
        assert.equal(resource.inputProperties.mobileAppId.willReplaceOnChanges, true);
        assert.deepEqual(
            Object.keys(committedSchema.provider.inputProperties),
            CONFIG_KEYS.map((k) => k.key),
        );
        assert.deepEqual(
            Object.entries(committedSchema.provider.inputProperties)
                .filter(([, p]) => p.secret)
                .map(([key]) => key),
            CONFIG_KEYS.filter((k) => k.secret).map((k) => k.key),
        );
    });

    describe("the SDK registers what the schema declares", () => {
        const registered: pulumi.runtime.MockResourceArgs[] = [];
        before(async () => {
            await pulumi.runtime.setMocks(
                {
                    newResource(args) {
                        registered.push(args);
                        return { id: args.id ?? `${args.name}-id`, state: args.inputs };
                    },
                    call: () => ({}),
                },
                "sdk-test",
                "test",
                false,
            );
        });
        const settled = () => new Promise((resolve) => setTimeout(resolve, 50));

        it("MobileAppInstallSummary: the type token and each input under its schema name; mobileAppId is required", async () => {
            const all = Object.fromEntries(COUNTER_NAMES.map((name, i) => [name, i]));
            new MobileAppInstallSummary("all", { mobileAppId: APP_IDS[0], ...all, restoreOnDestroy: true });
            await settled();
            const args = registered.find((a) => a.name === "all")!;
            assert.equal(args.type, RESOURCE_TYPE);
            assert.deepEqual(Object.keys(args.inputs).sort(), Object.keys(committedSchema.resources[RESOURCE_TYPE].inputProperties).sort());
            assert.throws(() => new MobileAppInstallSummary("none", {} as unknown as MobileAppInstallSummaryArgs), /Missing required property 'mobileAppId'/);
        });

        it("Provider: the provider resource pulumi:providers:intune, each configuration key under its name", async () => {
            const values = Object.fromEntries(CONFIG_KEYS.map((k) => [k.key, k.type === "integer" ? 1 : k.type === "boolean" ? true : `value-${k.key}`]));
            const provider = new Provider("explicit", values);
            await settled();
            const args = registered.find((a) => a.name === "explicit")!;
            assert.equal(args.type, "pulumi:providers:intune");
            assert.deepEqual(Object.keys(args.inputs).sort(), [...CONFIG_KEYS.map((k) => k.key)].sort());
            assert.ok(Provider.isInstance(provider));
        });
    });
});
