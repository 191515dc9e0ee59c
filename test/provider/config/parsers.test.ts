import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Parser, baseUrl, httpsRequestUrl, matching, oneOf, oneWord, readableFile, trueOrFalse, wholeNumber } from "../../../provider/config/parsers";

const ORIGIN = "intune:key";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parsers-"));
const file = path.join(dir, "readable.pem");
fs.writeFileSync(file, "x");
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** One parser, one text, and what it makes of it. */
interface Case {
    parser: Parser<unknown>;
    text: string;
    value?: unknown;
    problem?: string;
}

const CASES: Record<string, Case[]> = {
    "wholeNumber(1, 10)": [
        { parser: wholeNumber(1, 10), text: "1", value: 1 },
        { parser: wholeNumber(1, 10), text: "10", value: 10 },
        ...["0", "11", "1.5", "-1", "1e1", ""].map((text) => ({
            parser: wholeNumber(1, 10),
            text,
            problem: `${ORIGIN}: must be a whole number from 1 to 10; got ${JSON.stringify(text)}.`,
        })),
    ],
    "oneOf(beta, v1.0)": [
        { parser: oneOf(["beta", "v1.0"]), text: "BETA", value: "beta" },
        { parser: oneOf(["beta", "v1.0"]), text: "v2", problem: `${ORIGIN}: "v2" is not allowed; use one of beta, v1.0.` },
    ],
    trueOrFalse: [
        ...[
            ["TRUE", true],
            ["1", true],
            ["false", false],
            ["0", false],
        ].map(([text, value]) => ({ parser: trueOrFalse, text: text as string, value })),
        { parser: trueOrFalse, text: "yes", problem: `${ORIGIN}: "yes" is not allowed; use true or false.` },
    ],
    "baseUrl(http, https)": [
        { parser: baseUrl(["http:", "https:"], "https://graph"), text: "https://Graph.example/v//", value: "https://graph.example/v" },
        { parser: baseUrl(["http:", "https:"], "https://graph"), text: "http://127.0.0.1:8719", value: "http://127.0.0.1:8719" },
        ...["not a url", "ftp://graph.example", "https://graph.example/?q=1", "https://graph.example/#f"].map((text) => ({
            parser: baseUrl(["http:", "https:"], "https://graph"),
            text,
            problem: `${ORIGIN}: ${JSON.stringify(text)} is not a valid URL; use http://host[:port] or https://host[:port] with an optional path and no query, e.g. https://graph.`,
        })),
        // User info may hold a password: the URL is described, never echoed.
        ...["https://user:pa55word@graph.example", "https://user@graph.example", "https://:pa55word@graph.example"].map((text) => ({
            parser: baseUrl(["https:"], "https://graph"),
            text,
            problem: `${ORIGIN}: a URL with a user name or password is not a valid URL; use https://host[:port] with an optional path and no query, e.g. https://graph.`,
        })),
    ],
    httpsRequestUrl: [
        { parser: httpsRequestUrl, text: "https://token.example/id?audience=x", value: "https://token.example/id?audience=x" },
        ...["http://token.example", "garbage", "https://u:p@token.example", "https://token.example/#f"].map((text) => ({
            parser: httpsRequestUrl,
            text,
            problem: `${ORIGIN}: not a valid https URL; use the ID token request URL of your CI system, e.g. GitHub Actions' ACTIONS_ID_TOKEN_REQUEST_URL.`,
        })),
    ],
    "matching(/^a+$/)": [
        { parser: matching(/^a+$/, "must be a's."), text: "aa", value: "aa" },
        { parser: matching(/^a+$/, "must be a's."), text: "ab", value: "ab", problem: `${ORIGIN}: "ab" must be a's.` },
    ],
    "oneWord(the token, without a Bearer prefix)": [
        { parser: oneWord("the token", (t) => t.replace(/^Bearer\s+/i, "")), text: "bearer abc", value: "abc" },
        { parser: oneWord("the token"), text: "abc", value: "abc" },
        ...["", "a b", "a\tb"].map((text) => ({
            parser: oneWord("the token"),
            text,
            value: text,
            problem: `${ORIGIN}: must be the token alone, one word without spaces.`,
        })),
    ],
    "readableFile(a PEM)": [
        { parser: readableFile("a PEM"), text: file, value: file },
        ...[path.join(dir, "missing.pem"), dir].map((text) => ({
            parser: readableFile("a PEM"),
            text,
            value: text,
            problem: `${ORIGIN}: no readable file at ${JSON.stringify(text)}; a PEM.`,
        })),
    ],
};

describe("provider/config/parsers", () => {
    for (const [name, cases] of Object.entries(CASES)) {
        describe(name, () => {
            for (const c of cases) {
                it(`${JSON.stringify(c.text)} → ${c.problem === undefined ? JSON.stringify(c.value) : "a problem"}`, () => {
                    const expected = { ...(c.value === undefined ? {} : { value: c.value }), ...(c.problem === undefined ? {} : { problem: c.problem }) };
                    assert.deepEqual(c.parser(c.text, ORIGIN), expected);
                });
            }
        });
    }
});
