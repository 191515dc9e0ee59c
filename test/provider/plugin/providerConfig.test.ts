/** The plugin's provider configuration: CheckConfig's failures and secret marking, DiffConfig's changes, settings from inputs. */
import { strict as assert } from "node:assert";
import { checkProviderConfig, diffProviderConfig, settingsOf } from "../../../provider/plugin/providerConfig";
import { isSecret } from "../../../provider/plugin/properties";
import { TEST_TOKEN } from "../../support/fixtures";

const NO_ENV: NodeJS.ProcessEnv = {};

describe("provider/plugin/providerConfig", () => {
    describe("checkProviderConfig (CheckConfig)", () => {
        it("accepts good inputs and marks every secret key secret, whether or not the program did; other keys stay as they are", () => {
            const { inputs, failures } = checkProviderConfig({ graphEndpoint: "http://127.0.0.1:8719", accessToken: TEST_TOKEN, version: "0.1.0" }, NO_ENV);
            assert.deepEqual(failures, []);
            assert.ok(isSecret(inputs.accessToken));
            assert.equal(inputs.accessToken.value, TEST_TOKEN);
            assert.equal(inputs.graphEndpoint, "http://127.0.0.1:8719");
            assert.equal(inputs.version, "0.1.0", "a key the engine adds is no configuration key, and no failure");
        });

        for (const [what, news, reason] of [
            [
                "a misspelt key, with the one meant",
                { graphEndpont: "http://127.0.0.1:1", accessToken: TEST_TOKEN },
                /^intune:graphEndpont: no such key; did you mean intune:graphEndpoint\?/,
            ],
            ["a bad value, naming the key", { accessToken: TEST_TOKEN, maxRetries: "many" }, /^intune:maxRetries/],
        ] as const) {
            it(`rejects ${what}, with no property (the engine would print its value) and never the value`, () => {
                const { failures } = checkProviderConfig(news, NO_ENV);
                assert.equal(failures.length, 1, JSON.stringify(failures));
                assert.equal(failures[0].property, "");
                assert.match(failures[0].reason, reason);
                assert.ok(!failures[0].reason.includes(TEST_TOKEN));
            });
        }
    });

    describe("diffProviderConfig (DiffConfig)", () => {
        it("names each key added, changed or removed, in key order, and nothing for equal values", () => {
            assert.deepEqual(
                diffProviderConfig({ apiVersion: "beta", graphEndpoint: "a", maxRetries: 3 }, { graphEndpoint: "b", maxRetries: 3, logLevel: "info" }),
                [
                    { name: "apiVersion", change: "delete" },
                    { name: "graphEndpoint", change: "update" },
                    { name: "logLevel", change: "add" },
                ],
            );
            assert.deepEqual(diffProviderConfig({ accessToken: TEST_TOKEN }, { accessToken: TEST_TOKEN }), []);
        });
    });

    describe("settingsOf (Configure)", () => {
        it("reads the inputs under the intune: namespace, then the environment variables of each key", () => {
            const settings = settingsOf({ graphEndpoint: "http://127.0.0.1:8719" }, { INTUNE_ACCESS_TOKEN: TEST_TOKEN, INTUNE_MAX_RETRIES: "2" });
            assert.equal(settings.maxRetries, 2);
            assert.ok(settings.secrets.includes(TEST_TOKEN));
            assert.match(settings.graphBaseUrl, /^http:\/\/127\.0\.0\.1:8719/);
        });
    });
});
