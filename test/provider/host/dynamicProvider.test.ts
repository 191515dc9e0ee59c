import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { REPO_ROOT } from "../../support/fixtures";

describe("provider/host/dynamicProvider", () => {
    it("loads neither @azure/identity, @azure/core-rest-pipeline nor cross-fetch at import: a preview sends nothing and needs none of them", () => {
        // A fresh node, as the provider host loads the module; the packages by the folder they load from.
        const script = `
            require("./provider/host/dynamicProvider");
            const packages = ["@azure/identity", "@azure/core-rest-pipeline", "@typespec/ts-http-runtime", "cross-fetch", "node-fetch"];
            const loaded = packages.filter((name) => Object.keys(require.cache).some((file) => file.split(require("node:path").sep).join("/").includes("/node_modules/" + name + "/")));
            console.log(JSON.stringify(loaded));`;
        const output = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
        assert.deepEqual(JSON.parse(output), []);
    });
});
