import { strict as assert } from "node:assert";
import { LOG_LEVELS, LogLevel, createLogger } from "../../../provider/log/log";
import { Redactor } from "../../../provider/log/redaction";

describe("provider/log/log createLogger", () => {
    function capture(level: LogLevel, secrets: string[] = []) {
        const lines: string[] = [];
        const logger = createLogger(level, new Redactor(secrets), (line) => lines.push(line));
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
