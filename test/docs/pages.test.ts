/**
 * What holds for every page of the documentation (README.md and docs/*.md): each `intune:` key
 * and each configuration environment variable it names is one the provider reads (or one it names
 * as read by another tool), and each YAML block parses.
 */
import { strict as assert } from "node:assert";
import * as yaml from "js-yaml";
import { CONFIG_KEYS } from "../../provider/config/configKeys";
import { CACHE_ENV } from "../../scripts/pulumiCli";
import { docPages } from "../support/markdown";

const PAGES = docPages();

describe("docs: every page", () => {
    it("reads README.md and every docs/*.md", () => {
        const files = PAGES.map((p) => p.file);
        assert.equal(files[0], "README.md");
        for (const page of ["docs/authentication.md", "docs/troubleshooting.md", "docs/resource.md", "docs/reliability.md", "docs/performance.md"]) {
            assert.ok(files.includes(page), `${page} is read`);
        }
    });

    it("every intune: key mentioned is in CONFIG_KEYS, but the typo quoted as one the provider rejects", () => {
        const known = new Set(CONFIG_KEYS.map((k) => k.key));
        // docs/reliability.md's bad configurations: a misspelt key and the message that names the key meant.
        const typo = "graphEndpont";
        assert.match(PAGES.find((p) => p.file === "docs/reliability.md")!.text, /`intune:graphEndpont: no such key; did you mean intune:graphEndpoint\?`/);
        const unknown = PAGES.flatMap(({ file, text }) =>
            // Not the type tokens pulumi-nodejs:dynamic/intune:MobileAppInstallSummary and intune:index:MobileAppInstallSummary.
            [...new Set([...text.matchAll(/(?<!dynamic\/)\bintune:(?!index:)([A-Za-z][A-Za-z0-9]*)/g)].map((m) => m[1]))]
                .filter((key) => !known.has(key) && key !== typo)
                .map((key) => `${file}: intune:${key}`),
        );
        assert.ok(PAGES.map((p) => p.text.match(/\bintune:[A-Za-z]/g)?.length ?? 0).reduce((a, b) => a + b) > 100);
        assert.deepEqual(unknown, [], "keys the provider does not read");
    });

    it("every INTUNE_*, AZURE_* and ARM_* variable mentioned is read by the provider, or is one the page names as read by another tool", () => {
        const read = new Set(CONFIG_KEYS.flatMap((k) => k.env));
        const others = new Set([
            // Read by @azure/identity itself (its log level), or set by a CI system for it.
            "AZURE_LOG_LEVEL",
            // Read by Pulumi's azblob state backend (docs/operations.md, the bench's blob backend).
            "AZURE_STORAGE_ACCOUNT",
            "AZURE_STORAGE_KEY",
            // The CLI build script's cache folder (docs/development.md).
            CACHE_ENV,
            // npm start's choice of engine (scripts/start.ts, docs/development.md).
            "INTUNE_DEMO_ENGINE",
        ]);
        const unknown = PAGES.flatMap(({ file, text }) =>
            [...new Set([...text.matchAll(/\b(?:INTUNE|AZURE|ARM)_[A-Z_]+\b/g)].map((m) => m[0]))]
                .filter((name) => !read.has(name) && !others.has(name))
                .map((name) => `${file}: ${name}`),
        );
        assert.deepEqual(unknown, [], "variables the provider does not read");
        const readme = PAGES[0].text;
        for (const name of read) {
            assert.ok(readme.includes(name), `the configuration reads ${name}, the README does not name it`);
        }
    });

    it("every YAML block parses", () => {
        const blocks = PAGES.flatMap(({ file, text }) => [...text.matchAll(/```yaml\n([\s\S]*?)\n```/g)].map((m) => ({ file, source: m[1] })));
        assert.ok(blocks.length >= 3);
        for (const { file, source } of blocks) {
            assert.doesNotThrow(() => yaml.load(source), `a YAML block of ${file}:\n${source}`);
        }
    });
});
