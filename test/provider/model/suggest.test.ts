import { strict as assert } from "node:assert";
import { INPUT_NAMES } from "../../../provider/model/inputs";
import { closestMatch, editDistance } from "../../../provider/model/suggest";

describe("provider/model/suggest editDistance", () => {
    const cases: Array<{ a: string; b: string; distance: number }> = [
        { a: "", b: "", distance: 0 },
        { a: "abc", b: "", distance: 3 },
        { a: "", b: "abc", distance: 3 },
        { a: "same", b: "same", distance: 0 },
        { a: "kitten", b: "sitting", distance: 3 },
        { a: "flaw", b: "lawn", distance: 2 },
        { a: "A", b: "a", distance: 1 },
        { a: "installedDeviceCnt", b: "installedDeviceCount", distance: 2 },
        { a: "restoreOnDestory", b: "restoreOnDestroy", distance: 2 },
        { a: "abcdef", b: "azcdef", distance: 1 },
        { a: "abcdef", b: "bcdef", distance: 1 },
        { a: "abc", b: "xyz", distance: 3 },
    ];
    for (const c of cases) {
        it(`"${c.a}" → "${c.b}" is ${c.distance}, both ways`, () => {
            assert.equal(editDistance(c.a, c.b), c.distance);
            assert.equal(editDistance(c.b, c.a), c.distance);
        });
    }
});

describe("provider/model/suggest closestMatch", () => {
    const cases: Array<{ name: string; wanted: string; candidates: readonly string[]; match: string | undefined }> = [
        { name: "typo of a counter", wanted: "installedDeviceCnt", candidates: INPUT_NAMES, match: "installedDeviceCount" },
        { name: "all upper case finds the candidate as spelled", wanted: "INSTALLEDDEVICECOUNT", candidates: INPUT_NAMES, match: "installedDeviceCount" },
        { name: "wrong case of mobileAppId", wanted: "mobileAppID", candidates: INPUT_NAMES, match: "mobileAppId" },
        { name: "transposed letters", wanted: "restoreOnDestory", candidates: INPUT_NAMES, match: "restoreOnDestroy" },
        { name: "picks the nearest of similar candidates", wanted: "failedUserCont", candidates: INPUT_NAMES, match: "failedUserCount" },
        { name: "unrelated word finds nothing", wanted: "color", candidates: INPUT_NAMES, match: undefined },
        { name: "unrelated long word finds nothing", wanted: "displayNameOfTheApplication", candidates: INPUT_NAMES, match: undefined },
        { name: "no candidates", wanted: "anything", candidates: [], match: undefined },
        { name: "short names allow one edit", wanted: "ab", candidates: ["ac"], match: "ac" },
        { name: "short names do not allow two edits", wanted: "ab", candidates: ["cd"], match: undefined },
        { name: "limit is a third of the length: 3 edits of 9 letters match", wanted: "abcdefghi", candidates: ["abcdefxyz"], match: "abcdefxyz" },
        { name: "limit is a third of the length: 4 edits of 9 letters do not", wanted: "abcdefghi", candidates: ["abcdewxyz"], match: undefined },
        { name: "a tie goes to the first candidate", wanted: "cat", candidates: ["bat", "hat"], match: "bat" },
    ];
    for (const c of cases) {
        it(c.name, () => assert.equal(closestMatch(c.wanted, c.candidates), c.match));
    }
});
