/**
 * docs/authentication.md against the code: its national clouds table against CLOUDS, and its
 * GitHub Actions workflow asks for what OIDC sign-in needs.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { CLOUDS, CLOUD_NAMES, graphScope } from "../../provider/config/clouds";
import { REPO_ROOT } from "../support/fixtures";
import { codes, section, table } from "../support/markdown";

const AUTHENTICATION = fs.readFileSync(path.join(REPO_ROOT, "docs", "authentication.md"), "utf8");

describe("docs/authentication.md", () => {
    it("the national clouds table matches CLOUDS: Graph host, sign-in host and token scope", () => {
        const rows = table(section(AUTHENTICATION, "National clouds"), "`intune:cloud`");
        assert.deepEqual(
            rows.map((cells) => [codes(cells[0])[0], codes(cells[1])[0], codes(cells[2])[0], codes(cells[3])[0]]),
            CLOUD_NAMES.map((name) => [name, CLOUDS[name].graphUrl, CLOUDS[name].authorityHost, graphScope(name)]),
        );
    });

    it("the GitHub Actions workflow grants id-token: write and sets ARM_USE_OIDC, ARM_CLIENT_ID and ARM_TENANT_ID", () => {
        const [source] = [
            ...section(AUTHENTICATION, "GitHub Actions (OIDC, no secret to store)")
                .join("\n")
                .matchAll(/```yaml\n([\s\S]*?)\n```/g),
        ].map((m) => m[1]);
        assert.ok(source, "the section has a workflow");
        const workflow = yaml.load(source) as { permissions: Record<string, string>; jobs: Record<string, { env: Record<string, string> }> };
        assert.equal(workflow.permissions["id-token"], "write");
        const env = Object.values(workflow.jobs)[0].env;
        assert.equal(env.ARM_USE_OIDC, "true");
        assert.ok(env.ARM_CLIENT_ID && env.ARM_TENANT_ID);
    });
});
