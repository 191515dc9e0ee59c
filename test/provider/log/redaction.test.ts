import { strict as assert } from "node:assert";
import { GraphError } from "../../../provider/graph/errors";
import { Redactor, redact } from "../../../provider/log/redaction";

describe("provider/log/redaction redact", () => {
    const cases: Array<{ name: string; text: string; secrets: string[]; expected: string }> = [
        { name: "no secrets", text: "hello s3cret", secrets: [], expected: "hello s3cret" },
        { name: "one secret", text: "token=abcd1234 sent", secrets: ["abcd1234"], expected: "token=[redacted] sent" },
        { name: "every occurrence", text: "abcd1234/abcd1234abcd1234", secrets: ["abcd1234"], expected: "[redacted]/[redacted][redacted]" },
        { name: "several secrets", text: "id=pass-word key=key-value", secrets: ["pass-word", "key-value"], expected: "id=[redacted] key=[redacted]" },
        { name: "a secret inside a longer one is hidden with it", text: "abcd-efgh-ijkl", secrets: ["efgh", "abcd-efgh-ijkl"], expected: "[redacted]" },
        { name: "regex characters are literal", text: "a.b*c(d) and axbxc", secrets: ["a.b*c(d)"], expected: "[redacted] and axbxc" },
        { name: "secrets shorter than 4 characters are left alone", text: "abc in abcdef", secrets: ["abc"], expected: "abc in abcdef" },
        { name: "empty secret is ignored", text: "text", secrets: [""], expected: "text" },
        { name: "exactly 4 characters are redacted", text: "pin 4321", secrets: ["4321"], expected: "pin [redacted]" },
        { name: "text without the secret is unchanged", text: "nothing here", secrets: ["s3cret-value"], expected: "nothing here" },
    ];
    for (const c of cases) {
        it(c.name, () => assert.equal(redact(c.text, c.secrets), c.expected));
    }
});

describe("provider/log/redaction Redactor", () => {
    it("hides the configured secrets and those learned later, the last 16 of them", () => {
        const redactor = new Redactor(["configured-secret"]);
        const tokens = Array.from({ length: 17 }, (_, i) => `issued-token-${String(i).padStart(2, "0")}`);
        tokens.forEach((t) => redactor.learn(t));
        redactor.learn(tokens[16]);
        assert.equal(redactor.text(`configured-secret ${tokens[16]} ${tokens[1]}`), "[redacted] [redacted] [redacted]");
        assert.equal(redactor.text(tokens[0]), tokens[0], "the oldest learned token is forgotten");
        assert.equal(redactor.secrets.length, 17);
    });

    it("value: a copy with every string redacted, at any depth; keys, numbers and the original are left alone", () => {
        const redactor = new Redactor(["s3cret-value"]);
        const original = { summaryId: "x s3cret-value", installedDeviceCount: 4, nested: { list: ["s3cret-value", 1, null, true] } };
        assert.deepEqual(redactor.value(original), { summaryId: "x [redacted]", installedDeviceCount: 4, nested: { list: ["[redacted]", 1, null, true] } });
        assert.equal(original.summaryId, "x s3cret-value");
    });

    it("error: message, stack and the error's own text fields, in place, so its type guard still holds", () => {
        const redactor = new Redactor(["echoed-token-1234"]);
        const error = new GraphError({
            kind: "http",
            method: "GET",
            path: "/p",
            status: 403,
            graphMessage: "You sent Bearer echoed-token-1234",
            requestId: "echoed-token-1234",
            attempts: 1,
        });
        assert.equal(redactor.error(error), error);
        assert.equal(error.name, "GraphError");
        assert.equal(error.kind, "http");
        assert.equal(error.graphMessage, "You sent Bearer [redacted]");
        assert.equal(error.requestId, "[redacted]");
        for (const text of [error.message, error.stack ?? "", String(error)]) {
            assert.ok(text.includes("[redacted]") && !text.includes("echoed-token-1234"), text);
        }
    });

    it("error: a thrown value that is not an object becomes an Error with the redacted text", () => {
        const redacted = new Redactor(["s3cret-value"]).error("failed with s3cret-value");
        assert.ok(redacted instanceof Error);
        assert.equal(redacted.message, "failed with [redacted]");
    });
});
