/** The package entry point, as plain node loads it after `npm run build` (the provider host is plain node). */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { REPO_ROOT } from "../support/fixtures";

describe("package main", () => {
    it("require(<repo root>) with plain node gives MobileAppInstallSummary and the field table", () => {
        const keys = execFileSync(
            process.execPath,
            ["-e", 'const m = require("."); console.log(JSON.stringify([typeof m.MobileAppInstallSummary, m.COUNTER_NAMES.length]))'],
            {
                cwd: REPO_ROOT,
                encoding: "utf8",
            },
        );
        assert.deepEqual(JSON.parse(keys), ["function", 10]);
    });

    it("the dynamic-provider subpath, which every serialized provider requires, exports the seven provider methods", () => {
        const names = execFileSync(
            process.execPath,
            ["-e", 'console.log(Object.keys(require("pulumi-intune-install-summary/dynamic-provider")).sort().join(","))'],
            { cwd: REPO_ROOT, encoding: "utf8" },
        );
        assert.equal(names.trim(), "check,configure,create,delete,diff,read,update");
    });
});
