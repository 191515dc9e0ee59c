import { strict as assert } from "node:assert";
import { LOG_LEVELS, LogLevel, createLogger, redact } from "../../provider/log";

describe("log redact", () => {
    const cases: Array<{ name: string; text: string; secrets: string[]; expected: string }> = [
        { name: "no secrets", text: "hello s3cret", secrets: [], expected: "hello s3cret" },
        { name: "one secret", text: "token=abcd1234 sent", secrets: ["abcd1234"], expected: "token=[redacted] sent" },
        { name: "every occurrence", text: "abcd1234/abcd1234abcd1234", secrets: ["abcd1234"], expected: "[redacted]/[redacted][redacted]" },
        { name: "several secrets", text: "id=pass-word key=key-value", secrets: ["pass-word", "key-value"], expected: "id=[redacted] key=[redacted]" },
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

describe("log createLogger", () => {
    function capture(level: LogLevel, secrets: string[] = []) {
        const lines: string[] = [];
        const logger = createLogger(level, secrets, (line) => lines.push(line));
        return { logger, lines };
    }

    const cases: Array<{ level: LogLevel; written: LogLevel[] }> = [
        { level: "error", written: ["error"] },
        { level: "warning", written: ["error", "warning"] },
        { level: "info", written: ["error", "warning", "info"] },
        { level: "verbose", written: ["error", "warning", "info", "verbose"] },
    ];
    for (const c of cases) {
        it(`level ${c.level} writes ${c.written.join(", ")}`, () => {
            const { logger, lines } = capture(c.level);
            for (const level of LOG_LEVELS) {
                logger.log(level, `a ${level} message`);
            }
            const expected = c.written.map((w) => (w === "error" || w === "warning" ? `intune: ${w}: a ${w} message\n` : `intune: a ${w} message\n`));
            assert.deepEqual(lines, expected);
            assert.equal(logger.level, c.level);
            assert.deepEqual(
                LOG_LEVELS.filter((l) => logger.enabled(l)),
                c.written,
            );
        });
    }

    it("redacts configured secrets from every line", () => {
        const { logger, lines } = capture("verbose", ["client-s3cret", "tok-abcdef"]);
        logger.log("verbose", "POST /token client_secret=client-s3cret");
        logger.log("error", "sign-in failed: Bearer tok-abcdef rejected");
        assert.deepEqual(lines, ["intune: POST /token client_secret=[redacted]\n", "intune: error: sign-in failed: Bearer [redacted] rejected\n"]);
    });

    it("writes nothing for a filtered level, not even redacted", () => {
        const { logger, lines } = capture("error", ["client-s3cret"]);
        logger.log("info", "client-s3cret");
        logger.log("verbose", "x");
        assert.deepEqual(lines, []);
    });
});
