/**
 * The relative links of Markdown files, resolved as GitHub resolves them when it shows the file:
 * a path relative to the file's folder (or, starting with `/`, to the repository's root) must
 * name a file or folder of the repository, and a `#fragment` must be the anchor of a heading of
 * the file it points into (a folder's README.md for a folder), by GitHub's rules for anchors.
 *
 * It reads the Markdown these docs are written in: ATX headings (`## …`), inline links and images
 * (`[text](target "title")`), reference definitions (`[name]: target`) and `href`/`src` of raw
 * HTML, with fenced code blocks and code spans left out (a `# comment` in a shell block is no
 * heading, a `[x](y)` in code is no link). A heading with markup this reader does not render
 * (raw HTML, images) is reported rather than guessed at.
 */
import * as path from "node:path";

/** A link found in a Markdown file: the 1-based line it is on, and its target as written. */
export interface Link {
    line: number;
    target: string;
}

/** `markdown` with fenced code blocks and code spans replaced by spaces, so that line numbers stay. */
function prose(markdown: string): string {
    const blank = (text: string) => text.replace(/[^\n]/g, " ");
    const withoutFences = markdown.replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\2[`~]*[ \t]*$|(?![\s\S]))/gm, blank);
    return withoutFences.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, blank);
}

/**
 * GitHub's anchor for a heading's text (github.com's rule, which github-slugger copies): lower
 * case; every character removed that is not a word character of Ruby's regular expressions
 * (alphabetic, a mark, a decimal digit, connector punctuation such as `_`, a joiner), a hyphen or
 * a space; then each space becomes a hyphen. So `²` and `½` go, `é` and `ß` stay.
 */
export function slug(text: string): string {
    return text
        .toLowerCase()
        .replace(/[^\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control} -]/gu, "")
        .replace(/ /g, "-");
}

/**
 * The text GitHub renders for the source of a heading, as far as its slug can tell: code spans'
 * contents, links' texts, `_emphasis_` without its underscores. Other markup (`*`, backslashes)
 * is punctuation that the slug drops anyway; an escaped `\_` is a literal underscore (held as a
 * private-use character while emphasis is taken off).
 */
function headingText(source: string): string {
    if (/<[a-z/!]|!\[/i.test(source.replace(/`[^`]*`/g, ""))) {
        throw new Error(`a heading with raw HTML or an image, which this check does not render: ${source}`);
    }
    // Code spans are taken literally; everything between them is Markdown.
    return source
        .split(/(`+[^`]*`+)/)
        .map((piece, i) =>
            i % 2 === 1
                ? piece.replace(/^`+ ?|`+$/g, "").replace(/ $/, "")
                : piece
                      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
                      .replace(/\\_/g, "\uE000")
                      .replace(/(?<![\p{L}\p{N}_])(_+)(?=\S)(.+?)(?<=\S)\1(?![\p{L}\p{N}_])/gu, "$2")
                      .replace(/\uE000/g, "_"),
        )
        .join("")
        .trim();
}

/** The anchors GitHub gives the headings of `markdown`: a repeated slug gets `-1`, `-2`, … as github-slugger does. */
export function anchors(markdown: string): Set<string> {
    const taken = new Map<string, number>();
    const result = new Set<string>();
    for (const match of prose(markdown).matchAll(/^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/gm)) {
        // The source, not the blanked prose: code spans belong to the heading's text.
        const source = markdown
            .slice(match.index, match.index + match[0].length)
            .replace(/^ {0,3}#{1,6}[ \t]*/, "")
            .replace(/(?:[ \t]+#+)?[ \t]*$/, "");
        const base = slug(headingText(source));
        let anchor = base;
        while (taken.has(anchor)) {
            const count = taken.get(base)! + 1;
            taken.set(base, count);
            anchor = `${base}-${count}`;
        }
        taken.set(anchor, 0);
        result.add(anchor);
    }
    return result;
}

/** Every link of `markdown` outside code: inline links and images, reference definitions, href and src of raw HTML. */
export function links(markdown: string): Link[] {
    const text = prose(markdown);
    const lineOf = (index: number) => text.slice(0, index).split("\n").length;
    const found: Link[] = [];
    const patterns = [
        // [text](target) and ![alt](target), the text with one level of nested brackets, an optional title.
        /!?\[(?:[^[\]\\]|\\.|\[(?:[^[\]\\]|\\.)*\])*\]\(\s*(?:<([^<>\n]*)>|([^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*))(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g,
        /^ {0,3}\[[^\]]+\]:[ \t]*(?:<([^<>\n]*)>|(\S+))/gm,
        /<[a-z][^>]*?\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi,
    ];
    for (const pattern of patterns) {
        for (const match of text.matchAll(pattern)) {
            found.push({ line: lineOf(match.index), target: match[1] ?? match[2] ?? "" });
        }
    }
    return found.sort((a, b) => a.line - b.line);
}

/** What a repository holds, as GitHub shows it: its files by path from the root, and their text. */
export interface Repository {
    /** Paths from the root, with `/`. */
    files: ReadonlySet<string>;
    read(file: string): string;
}

/** Why the link `target` in the Markdown file `from` does not resolve on GitHub, or undefined when it does. */
export function linkProblem(repo: Repository, from: string, target: string): string | undefined {
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(target)) {
        return undefined; // a URL with a scheme (https:, mailto:): not a file of the repository
    }
    const hashAt = target.indexOf("#");
    const pathPart = (hashAt < 0 ? target : target.slice(0, hashAt)).replace(/\?.*$/, "");
    const fragment = hashAt < 0 ? undefined : decodeURIComponent(target.slice(hashAt + 1));
    const decoded = decodeURIComponent(pathPart);
    const resolved =
        decoded === "" ? from : path.posix.normalize(decoded.startsWith("/") ? decoded.slice(1) : path.posix.join(path.posix.dirname(from), decoded));
    const relative = resolved.replace(/\/$/, "");
    if (relative === ".." || relative.startsWith("../")) {
        return `${target}: outside the repository`;
    }
    const isFolder = relative === "." || [...repo.files].some((f) => f.startsWith(`${relative}/`));
    if (!repo.files.has(relative) && !isFolder) {
        return `${target}: no such file or folder (${relative})`;
    }
    if (fragment === undefined || fragment === "") {
        return undefined;
    }
    const document = isFolder ? path.posix.join(relative, "README.md") : relative;
    if (!document.endsWith(".md") || !repo.files.has(document)) {
        return /^L\d+(-L\d+)?$/.test(fragment) && !isFolder
            ? undefined
            : `${target}: #${fragment} points into ${document}, which is no Markdown file with headings`;
    }
    return anchors(repo.read(document)).has(fragment) ? undefined : `${target}: ${document} has no heading with the anchor #${fragment}`;
}

/** Every link of the Markdown files `files` (paths from the root of `repo`) that does not resolve, as `file:line: problem`. */
export function brokenLinks(repo: Repository, files: readonly string[]): string[] {
    return files.flatMap((file) =>
        links(repo.read(file)).flatMap(({ line, target }) => {
            const problem = linkProblem(repo, file, target);
            return problem === undefined ? [] : [`${file}:${line}: ${problem}`];
        }),
    );
}
