/**
 * Every relative link of README.md and docs/*.md resolves on GitHub: to a file or folder the
 * repository holds (tracked, or new and not ignored: `dist/` and `node_modules/` are not on
 * GitHub), and each `#fragment` to a heading's anchor in the file it points into, by GitHub's
 * rules. The rules themselves are checked first, on small documents with known answers.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../support/fixtures";
import { Repository, anchors, brokenLinks, links, slug } from "../support/markdownLinks";

/** The repository as GitHub will show it once committed: tracked files and new ones that are not ignored, where they exist. */
function workingTree(): Repository {
    const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO_ROOT, encoding: "utf8" });
    const files = new Set(
        listed
            .split("\0")
            .filter(Boolean)
            .filter((f) => fs.existsSync(path.join(REPO_ROOT, f))),
    );
    return { files, read: (file) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8") };
}

/** A repository made of `documents` (path → text). */
function repository(documents: Record<string, string>): Repository {
    return { files: new Set(Object.keys(documents)), read: (file) => documents[file] };
}

describe("docs: links", () => {
    describe("GitHub's anchors", () => {
        const cases: Array<[string, string]> = [
            ["Hello World", "hello-world"],
            ["What it is, and what it is not", "what-it-is-and-what-it-is-not"],
            ["`endpoints_resolution_error` with the emulator's fake authority", "endpoints_resolution_error-with-the-emulators-fake-authority"],
            ['"accepted the PATCH … but did not apply it"', "accepted-the-patch--but-did-not-apply-it"],
            ["GitHub Actions (OIDC, no secret to store)", "github-actions-oidc-no-secret-to-store"],
            ["Why the time grows with N²", "why-the-time-grows-with-n"],
            ["Größe ½ café", "größe--café"],
            ["Settings are recorded at each `pulumi up`", "settings-are-recorded-at-each-pulumi-up"],
            ["Read [the docs](docs/x.md) _now_", "read-the-docs-now"],
            ["snake_case and \\_escaped\\_", "snake_case-and-_escaped_"],
            ["C++ & *bold*", "c--bold"],
        ];
        for (const [heading, anchor] of cases) {
            it(`${heading} → #${anchor}`, () => {
                assert.deepEqual([...anchors(`# ${heading}\n`)], [anchor]);
            });
        }

        it("a repeated heading gets -1, -2; a heading in a code block is none; closing #s are not text", () => {
            const doc = "# A\n\n## A\n\n```sh\n# A comment\n```\n\n~~~\n# B\n~~~\n\n### A ###\n\n#hashtag\n\n    #### B\n";
            assert.deepEqual([...anchors(doc)], ["a", "a-1", "a-2"]);
            assert.equal(slug("A-1"), "a-1");
        });

        it("a heading with an image or raw HTML is reported, not guessed at", () => {
            assert.throws(() => anchors("## Logo ![x](x.png)\n"), /raw HTML or an image/);
            assert.throws(() => anchors("## A <em>b</em>\n"), /raw HTML or an image/);
        });
    });

    it("finds inline links, images, reference definitions and HTML href/src, and none in code", () => {
        const doc = [
            'See [a](a.md) and ![chart](img/c.svg "title"), [b](<b c.md>) and `[not](code.md)`.',
            "[ref]: docs/ref.md",
            '<a href="x.md">x</a>',
            "```md",
            "[nor](fenced.md)",
            "```",
            "[c `code`](c.md#anchor)",
            "~~~",
            "[nor](tilde-fenced.md) # nor",
            "~~~",
            "[d](d.md)",
        ].join("\n");
        assert.deepEqual(links(doc), [
            { line: 1, target: "a.md" },
            { line: 1, target: "img/c.svg" },
            { line: 1, target: "b c.md" },
            { line: 2, target: "docs/ref.md" },
            { line: 3, target: "x.md" },
            { line: 7, target: "c.md#anchor" },
            { line: 11, target: "d.md" },
        ]);
    });

    it("reports a missing file, a missing anchor here or in another file, a path outside the repository, an anchor into a file without headings", () => {
        const repo = repository({
            "README.md": [
                "# Top",
                "## Use it",
                "[ok](#use-it) [ok](docs/a.md#part-one) [ok](docs) [ok](docs/) [ok](./README.md#top) [ok](https://example.com/#x) [ok](code.ts#L3)",
                "[bad](#use) [bad](docs/a.md#part-two) [bad](docs/b.md) [bad](../elsewhere.md) [bad](code.ts#top) [bad](docs#x)",
            ].join("\n"),
            "docs/a.md": "# A\n\n## Part one\n\n[ok](../README.md#use-it) [ok](/code.ts) [bad](/README.md#part-one)\n",
            "code.ts": "export {};\n",
        });
        assert.deepEqual(brokenLinks(repo, ["README.md", "docs/a.md"]), [
            "README.md:4: #use: README.md has no heading with the anchor #use",
            "README.md:4: docs/a.md#part-two: docs/a.md has no heading with the anchor #part-two",
            "README.md:4: docs/b.md: no such file or folder (docs/b.md)",
            "README.md:4: ../elsewhere.md: outside the repository",
            "README.md:4: code.ts#top: #top points into code.ts, which is no Markdown file with headings",
            "README.md:4: docs#x: #x points into docs/README.md, which is no Markdown file with headings",
            "docs/a.md:5: /README.md#part-one: README.md has no heading with the anchor #part-one",
        ]);
    });

    it("every relative link and anchor of README.md and docs/*.md resolves", () => {
        const repo = workingTree();
        const documents = ["README.md", ...[...repo.files].filter((f) => /^docs\/[^/]+\.md$/.test(f)).sort()];
        assert.ok(documents.length >= 5, `the documents: ${documents.join(", ")}`);
        assert.ok(documents.map((d) => links(repo.read(d)).length).reduce((a, b) => a + b) > 30, "the documents have links to check");
        assert.deepEqual(brokenLinks(repo, documents), []);
    });
});
