/**
 * The host's print of a reported error is dropped, once, and nothing else is. Run in a fresh
 * Node.js process: the module replaces that process's `console.error`.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "../../support/fixtures";

const SCRIPT = `
const { leaveToEngine } = require(${JSON.stringify(path.join(REPO_ROOT, "provider", "host", "hostErrorPrint.ts"))});
const reported = new Error("reported failure");
const bug = new TypeError("a bug");
leaveToEngine(reported);
// What Pulumi's dynamic-provider host does with an error of check, diff, read or delete:
console.error(\`\${reported}: \${reported.stack}\`);
console.error(\`\${bug}: \${bug.stack}\`);
console.error("another line", 1);
console.error(\`\${reported}: \${reported.stack}\`);
`;

describe("provider/host/hostErrorPrint leaveToEngine", function () {
    this.timeout(30_000);

    it("drops the host's one print of a reported error; a bug keeps its stack, other lines and a second print stay", () => {
        const run = spawnSync(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), "-e", SCRIPT], { cwd: REPO_ROOT, encoding: "utf8" });
        assert.equal(run.status, 0, run.stderr);
        const stderr = run.stderr;
        const lines = stderr.split("\n");
        assert.equal(lines.filter((l) => l.startsWith("Error: reported failure")).length, 1, stderr);
        assert.ok(lines.includes("another line 1"), stderr);
        assert.match(stderr, /^TypeError: a bug: TypeError: a bug\n\s+at /m);
    });
});
