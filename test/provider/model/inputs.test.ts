import { strict as assert } from "node:assert";
import { COUNTER_NAMES, INT32_MAX } from "../../../provider/model/fields";
import {
    INPUT_NAMES,
    PROVIDER_KEY,
    UNKNOWN,
    appIdOf,
    checkCounter,
    checkInputs,
    declaredCounters,
    declaredValues,
    describeValue,
} from "../../../provider/model/inputs";

const APP = "3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b";
const ALLOWED_LIST = `Allowed: ${INPUT_NAMES.join(", ")}.`;

describe("provider/model/inputs checkInputs", () => {
    describe("rejects invalid inputs, naming the property, what is wrong and what is allowed", () => {
        interface InvalidCase {
            name: string;
            /** Replaces the valid base `{ mobileAppId: APP }` entirely when `replace` is set. */
            inputs: Record<string, unknown>;
            replace?: boolean;
            property: string;
            /** Every pattern must match the reason. */
            says: RegExp[];
            /** No pattern may match the reason. */
            never?: RegExp[];
        }
        const GUID_ALLOWED = /a GUID such as 3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b/;
        const COUNT_ALLOWED = /a whole number from 0 to 2147483647/;
        const cases: InvalidCase[] = [
            // mobileAppId
            {
                name: "mobileAppId missing",
                inputs: { installedDeviceCount: 1 },
                replace: true,
                property: "mobileAppId",
                says: [/mobileAppId is required/, GUID_ALLOWED],
            },
            { name: "mobileAppId empty", inputs: { mobileAppId: "" }, property: "mobileAppId", says: [/mobileAppId is required/, GUID_ALLOWED] },
            { name: "mobileAppId null", inputs: { mobileAppId: null }, property: "mobileAppId", says: [/mobileAppId is required/, GUID_ALLOWED] },
            {
                name: "mobileAppId a number",
                inputs: { mobileAppId: 42 },
                property: "mobileAppId",
                says: [/mobileAppId must be a string/, GUID_ALLOWED, got("42")],
            },
            {
                name: "mobileAppId a boolean",
                inputs: { mobileAppId: true },
                property: "mobileAppId",
                says: [/mobileAppId must be a string/, GUID_ALLOWED, got("true")],
            },
            {
                name: "mobileAppId braced",
                inputs: { mobileAppId: `{${APP}}` },
                property: "mobileAppId",
                says: [GUID_ALLOWED, /without braces/, got(`"{${APP}}"`)],
            },
            {
                name: "mobileAppId with surrounding spaces",
                inputs: { mobileAppId: ` ${APP} ` },
                property: "mobileAppId",
                says: [/mobileAppId must not have leading or trailing spaces/, got(`" ${APP} "`)],
            },
            { name: "mobileAppId with a trailing newline", inputs: { mobileAppId: `${APP}\n` }, property: "mobileAppId", says: [/leading or trailing spaces/] },
            {
                name: "mobileAppId too short",
                inputs: { mobileAppId: "3a1f0c9e" },
                property: "mobileAppId",
                says: [GUID_ALLOWED, /36 characters/, got('"3a1f0c9e"')],
            },
            {
                name: "mobileAppId without dashes",
                inputs: { mobileAppId: APP.replace(/-/g, "") },
                property: "mobileAppId",
                says: [GUID_ALLOWED, /36 characters/],
            },
            {
                name: "mobileAppId not hexadecimal",
                inputs: { mobileAppId: "zzzzzzzz-5b2d-4e8f-9a7b-1c2d3e4f5a6b" },
                property: "mobileAppId",
                says: [GUID_ALLOWED],
            },
            {
                name: "mobileAppId very long value is shortened in the message",
                inputs: { mobileAppId: "x".repeat(200) },
                property: "mobileAppId",
                says: [GUID_ALLOWED, /got (?:the )?(?:string )?"x{56}\.\.\./],
                never: [/x{100}/],
            },
            // counters
            {
                name: "counter negative",
                inputs: { installedDeviceCount: -1 },
                property: "installedDeviceCount",
                says: [/installedDeviceCount is a count and cannot be negative; got -1/, COUNT_ALLOWED],
            },
            {
                name: "counter fractional",
                inputs: { failedDeviceCount: 1.5 },
                property: "failedDeviceCount",
                says: [/failedDeviceCount must be/, COUNT_ALLOWED, /got the fraction 1\.5/],
            },
            {
                name: "counter above Int32",
                inputs: { notInstalledDeviceCount: INT32_MAX + 1 },
                property: "notInstalledDeviceCount",
                says: [/notInstalledDeviceCount is an Int32/, /cannot exceed 2147483647; got 2147483648/],
            },
            {
                name: "counter far above Int32",
                inputs: { pendingInstallUserCount: 1e10 },
                property: "pendingInstallUserCount",
                says: [/pendingInstallUserCount/, /cannot exceed 2147483647; got 10000000000/],
            },
            {
                name: "counter NaN",
                inputs: { installedUserCount: NaN },
                property: "installedUserCount",
                says: [/installedUserCount must be/, COUNT_ALLOWED, /got NaN/],
            },
            {
                name: "counter Infinity",
                inputs: { failedUserCount: Infinity },
                property: "failedUserCount",
                says: [/failedUserCount must be/, COUNT_ALLOWED, /got Infinity/],
            },
            {
                name: "counter -Infinity",
                inputs: { failedUserCount: -Infinity },
                property: "failedUserCount",
                says: [/failedUserCount must be/, COUNT_ALLOWED, /got -Infinity/],
            },
            {
                name: "counter numeric string gets the hint to parse it",
                inputs: { notInstalledUserCount: "5" },
                property: "notInstalledUserCount",
                says: [/notInstalledUserCount must be/, COUNT_ALLOWED, got('"5"'), /a number in quotes: parse it, e\.g\. Number\(\.\.\.\)/],
            },
            {
                name: "counter non-numeric string has no parse hint",
                inputs: { notApplicableDeviceCount: "many" },
                property: "notApplicableDeviceCount",
                says: [/notApplicableDeviceCount must be/, COUNT_ALLOWED, got('"many"')],
                never: [/parse/],
            },
            {
                name: "counter empty string has no parse hint",
                inputs: { notApplicableUserCount: "" },
                property: "notApplicableUserCount",
                says: [COUNT_ALLOWED, got('""')],
                never: [/parse/],
            },
            {
                name: "counter boolean",
                inputs: { pendingInstallDeviceCount: true },
                property: "pendingInstallDeviceCount",
                says: [/pendingInstallDeviceCount must be/, COUNT_ALLOWED, got("true")],
            },
            {
                name: "counter null",
                inputs: { installedDeviceCount: null },
                property: "installedDeviceCount",
                says: [/installedDeviceCount must be/, COUNT_ALLOWED, /got null/],
            },
            {
                name: "counter object",
                inputs: { installedDeviceCount: { value: 1 } },
                property: "installedDeviceCount",
                says: [/installedDeviceCount must be/, COUNT_ALLOWED, /an object/],
            },
            {
                name: "counter array",
                inputs: { installedDeviceCount: [1] },
                property: "installedDeviceCount",
                says: [/installedDeviceCount must be/, COUNT_ALLOWED, /a list/],
            },
            // restoreOnDestroy
            {
                name: 'restoreOnDestroy string "true"',
                inputs: { restoreOnDestroy: "true" },
                property: "restoreOnDestroy",
                says: [/restoreOnDestroy must be true or false/, got('"true"')],
            },
            {
                name: "restoreOnDestroy number",
                inputs: { restoreOnDestroy: 1 },
                property: "restoreOnDestroy",
                says: [/restoreOnDestroy must be true or false/, got("1")],
            },
            {
                name: "restoreOnDestroy null",
                inputs: { restoreOnDestroy: null },
                property: "restoreOnDestroy",
                says: [/restoreOnDestroy must be true or false/, got("null")],
            },
            // unknown properties
            {
                name: "typo installedDeviceCnt",
                inputs: { installedDeviceCnt: 4 },
                property: "installedDeviceCnt",
                says: [
                    /"installedDeviceCnt" is not a property of MobileAppInstallSummary/,
                    /Did you mean "installedDeviceCount"\?/,
                    new RegExp(escape(ALLOWED_LIST)),
                ],
            },
            {
                name: "wrong case InstalledDeviceCount",
                inputs: { InstalledDeviceCount: 4 },
                property: "InstalledDeviceCount",
                says: [/"InstalledDeviceCount" is not a property/, /Did you mean "installedDeviceCount"\?/],
            },
            {
                name: "typo restoreOnDestory",
                inputs: { restoreOnDestory: true },
                property: "restoreOnDestory",
                says: [/"restoreOnDestory" is not a property/, /Did you mean "restoreOnDestroy"\?/],
            },
            {
                name: "wrong case mobileAppID",
                inputs: { mobileAppID: APP },
                property: "mobileAppID",
                says: [/"mobileAppID" is not a property/, /Did you mean "mobileAppId"\?/],
            },
            { name: "typo failedUserCont", inputs: { failedUserCont: 1 }, property: "failedUserCont", says: [/Did you mean "failedUserCount"\?/] },
            {
                name: "unrelated unknown name has no suggestion",
                inputs: { color: "blue" },
                property: "color",
                says: [/"color" is not a property of MobileAppInstallSummary\. Allowed: /, new RegExp(escape(ALLOWED_LIST))],
                never: [/Did you mean/],
            },
            {
                name: "unknown name is rejected even when its value is not known yet",
                inputs: { installedDeviceCnt: UNKNOWN },
                property: "installedDeviceCnt",
                says: [/Did you mean "installedDeviceCount"\?/],
            },
            { name: "Graph's own id is not an input", inputs: { id: "x" }, property: "id", says: [/"id" is not a property/, new RegExp(escape(ALLOWED_LIST))] },
        ];

        it("has at least 30 cases", () => assert.ok(cases.length >= 30, `only ${cases.length} cases`));

        for (const c of cases) {
            it(c.name, () => {
                const news = c.replace ? c.inputs : { mobileAppId: APP, ...c.inputs };
                const { failures } = checkInputs(news);
                assert.equal(failures.length, 1, `expected exactly one failure, got ${JSON.stringify(failures)}`);
                const [failure] = failures;
                assert.equal(failure.property, c.property);
                assert.ok(failure.reason.includes(c.property), `reason does not name ${c.property}: ${failure.reason}`);
                for (const pattern of c.says) {
                    assert.match(failure.reason, pattern);
                }
                for (const pattern of c.never ?? []) {
                    assert.doesNotMatch(failure.reason, pattern);
                }
            });
        }
    });

    // Regression: messages once read "got null null", "got object an object", "got a list a list".
    it('names the kind of a rejected value once (no "got null null")', () => {
        const cases: Array<Record<string, unknown>> = [
            { installedDeviceCount: null },
            { installedDeviceCount: {} },
            { installedDeviceCount: [] },
            { restoreOnDestroy: null },
            { restoreOnDestroy: {} },
            { mobileAppId: {} },
        ];
        const reasons = cases.map((c) => checkInputs({ mobileAppId: APP, ...c }).failures[0]?.reason ?? "");
        assert.equal(reasons.filter((r) => r === "").length, 0, "every case must be rejected");
        const stuttering = reasons.filter((reason) => /null null|object an object|a list a list/.test(reason));
        assert.deepEqual(stuttering, []);
    });

    it("reports every failure at once, in input order", () => {
        const { failures } = checkInputs({
            mobileAppId: "nope",
            installedDeviceCount: -1,
            restoreOnDestroy: "yes",
            installedDeviceCnt: 2,
            failedDeviceCount: 1.5,
        });
        assert.deepEqual(
            failures.map((f) => f.property),
            ["mobileAppId", "installedDeviceCount", "restoreOnDestroy", "installedDeviceCnt", "failedDeviceCount"],
        );
    });

    it("reports a missing mobileAppId together with the other failures", () => {
        const { failures } = checkInputs({ installedDeviceCount: "3", mobileAppID: APP });
        assert.deepEqual(failures.map((f) => f.property).sort(), ["installedDeviceCount", "mobileAppID", "mobileAppId"]);
        assert.match(failures.find((f) => f.property === "mobileAppId")!.reason, /mobileAppId is required/);
    });

    describe("accepts valid inputs", () => {
        const allTen = Object.fromEntries(COUNTER_NAMES.map((name, i) => [name, i * 3]));
        const cases: Array<{ name: string; news: Record<string, unknown>; inputs: Record<string, unknown> }> = [
            { name: "only mobileAppId", news: { mobileAppId: APP }, inputs: { mobileAppId: APP } },
            { name: "lower bound 0", news: { mobileAppId: APP, installedDeviceCount: 0 }, inputs: { mobileAppId: APP, installedDeviceCount: 0 } },
            {
                name: "upper bound 2147483647",
                news: { mobileAppId: APP, failedUserCount: 2147483647 },
                inputs: { mobileAppId: APP, failedUserCount: 2147483647 },
            },
            { name: "all ten counters", news: { mobileAppId: APP, ...allTen }, inputs: { mobileAppId: APP, ...allTen } },
            { name: "restoreOnDestroy true", news: { mobileAppId: APP, restoreOnDestroy: true }, inputs: { mobileAppId: APP, restoreOnDestroy: true } },
            { name: "restoreOnDestroy false", news: { mobileAppId: APP, restoreOnDestroy: false }, inputs: { mobileAppId: APP, restoreOnDestroy: false } },
            { name: "upper-case GUID is normalised to lower case", news: { mobileAppId: APP.toUpperCase() }, inputs: { mobileAppId: APP } },
            {
                name: "__provider is ignored",
                news: { [PROVIDER_KEY]: "exports.handler = ...", mobileAppId: APP, installedDeviceCount: 1 },
                inputs: { mobileAppId: APP, installedDeviceCount: 1 },
            },
            { name: "an undefined counter is not declared", news: { mobileAppId: APP, installedDeviceCount: undefined }, inputs: { mobileAppId: APP } },
            {
                name: "unknown counter during preview",
                news: { mobileAppId: APP, installedDeviceCount: UNKNOWN },
                inputs: { mobileAppId: APP, installedDeviceCount: UNKNOWN },
            },
            {
                name: "unknown mobileAppId during preview",
                news: { mobileAppId: UNKNOWN, failedDeviceCount: 2 },
                inputs: { mobileAppId: UNKNOWN, failedDeviceCount: 2 },
            },
            {
                name: "unknown restoreOnDestroy during preview",
                news: { mobileAppId: APP, restoreOnDestroy: UNKNOWN },
                inputs: { mobileAppId: APP, restoreOnDestroy: UNKNOWN },
            },
            {
                name: "every field unknown during preview",
                news: { mobileAppId: UNKNOWN, ...Object.fromEntries(COUNTER_NAMES.map((n) => [n, UNKNOWN])), restoreOnDestroy: UNKNOWN },
                inputs: { mobileAppId: UNKNOWN, ...Object.fromEntries(COUNTER_NAMES.map((n) => [n, UNKNOWN])), restoreOnDestroy: UNKNOWN },
            },
        ];
        for (const c of cases) {
            it(c.name, () => {
                const { inputs, failures } = checkInputs(c.news);
                assert.deepEqual(failures, []);
                assert.deepEqual(inputs, c.inputs);
            });
        }
    });
});

describe("provider/model/inputs declaredCounters", () => {
    it("lists declared counters in table order, whatever the input order", () => {
        const reversed = Object.fromEntries([...COUNTER_NAMES].reverse().map((n) => [n, 1]));
        assert.deepEqual(declaredCounters({ mobileAppId: APP, ...reversed }), [...COUNTER_NAMES]);
    });

    it("includes counters not known yet and skips undefined and non-counters", () => {
        assert.deepEqual(
            declaredCounters({
                mobileAppId: APP,
                restoreOnDestroy: true,
                pendingInstallUserCount: UNKNOWN,
                failedDeviceCount: 0,
                installedDeviceCount: undefined,
                bogus: 1,
            }),
            ["failedDeviceCount", "pendingInstallUserCount"],
        );
    });
});

/** Matches "got <value>", with or without a type word before it ("got the string \"5\"", "got 42"). */
function got(valueText: string): RegExp {
    return new RegExp(`got (?:the )?(?:\\w+ )?${escape(valueText)}`);
}

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("provider/model/inputs describeValue", () => {
    const cases: Array<[value: unknown, described: string]> = [
        [5, "5"],
        [Number.NaN, "NaN"],
        [null, "null"],
        [[1], "a list"],
        [{}, "an object"],
        ["5", 'the string "5"'],
        ["x".repeat(58), `the string "${"x".repeat(58)}"`], // 60 characters quoted: shown whole
        ["x".repeat(59), `the string "${"x".repeat(56)}..."`],
        [true, "the boolean true"],
        [BigInt(7), "the bigint 7"],
        [undefined, "undefined"],
        [Symbol("s"), "a symbol"],
        [() => 1, "a function"],
    ];
    for (const [value, described] of cases) {
        it(described, () => assert.equal(describeValue(value), described));
    }
});

describe("provider/model/inputs: edges of the checks", () => {
    const APP_ID = "3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b";
    for (const id of [`x${APP_ID}`, `${APP_ID}x`, `${APP_ID}0`]) {
        it(`mobileAppId ${JSON.stringify(id)} is not a GUID`, () => {
            assert.deepEqual(
                checkInputs({ mobileAppId: id }).failures.map((f) => f.property),
                ["mobileAppId"],
            );
        });
    }

    it("a mobileAppId that is not a string is kept as given (the engine shows it with the failure)", () => {
        assert.equal(checkInputs({ mobileAppId: 42 }).inputs.mobileAppId, 42);
    });

    it("the number-in-quotes hint is given for a number in a string only", () => {
        assert.equal(checkCounter("installedDeviceCount", "abc"), 'installedDeviceCount must be a whole number from 0 to 2147483647; got the string "abc".');
        assert.equal(checkCounter("installedDeviceCount", "  "), 'installedDeviceCount must be a whole number from 0 to 2147483647; got the string "  ".');
        assert.match(checkCounter("installedDeviceCount", " 5 ") ?? "", /a number in quotes/);
    });
});

describe("provider/model/inputs PROVIDER_KEY", () => {
    it("is the property pulumi.dynamic.Resource stores the serialized provider under", () => {
        assert.equal(PROVIDER_KEY, "__provider");
    });
});

describe("provider/model/inputs appIdOf and declaredValues", () => {
    it("appIdOf lower-cases an id, and anything but a string is no id", () => {
        assert.equal(appIdOf("3A1F0C9E-5B2D-4E8F-9A7B-1C2D3E4F5A6B"), "3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b");
        assert.equal(appIdOf(undefined), "");
        assert.equal(appIdOf(42), "");
    });

    it("declaredValues takes the named counters of the inputs", () => {
        const inputs = { mobileAppId: "3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b", installedDeviceCount: 3, failedDeviceCount: 0 };
        assert.deepEqual(declaredValues(inputs, ["failedDeviceCount"]), { failedDeviceCount: 0 });
        assert.deepEqual(declaredValues(inputs, []), {});
    });
});
