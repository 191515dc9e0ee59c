/**
 * The `mobileApps` collection as the emulator serves it: `GET /{beta|v1.0}/deviceAppManagement/mobileApps`
 * with `$filter`, `$select` and server-driven paging (`@odata.nextLink` carrying a `$skiptoken`),
 * as Graph pages a large tenant. Pure: the server (`graphEmulator.ts`) passes the apps, the query
 * and the page size in and sends what comes out.
 *
 * The `$filter` forms understood are the ones the provider sends, and a few more a user may write
 * by hand, joined by `and`:
 * - `displayName eq 'Teams'`, `publisher eq 'Microsoft'` (case-insensitive, as Intune compares);
 * - `isof('microsoft.graph.win32LobApp')` (the app's own type only; Graph also matches base types);
 * - `startswith(displayName,'Te')`, `contains(displayName,'ea')` (case-insensitive);
 * - a group of these in parentheses (what the provider sends around a user's filter beside `isof`).
 * A string literal is in single quotes, a quote inside doubled (`'O''Brien'`). Anything else
 * answers 400 `BadRequest`, as Graph does for a filter it does not support.
 */

/** An app as the collection lists it. */
export interface ListedApp {
    id: string;
    displayName: string;
    /** The OData type without `#`, e.g. `microsoft.graph.win32LobApp`. */
    type: string;
    publisher: string;
}

/** The path of the collection. */
export const COLLECTION_ROUTE = /^\/(beta|v1\.0)\/deviceAppManagement\/mobileApps\/?$/;

/** The properties `$select` may name (besides the type annotation, which Graph always sends for a derived type). */
export const SELECTABLE = ["id", "displayName", "publisher"] as const;

/** One page, or the reason the query is refused (Graph's 400 message). */
export type CollectionAnswer = { status: 200; body: Record<string, unknown> } | { status: 400; message: string };

type Predicate = (app: ListedApp) => boolean;

/**
 * Parses `$filter`; returns a predicate, or the reason it is refused. Exported for its table test.
 */
export function parseAppFilter(text: string): Predicate | string {
    const scanner = new Scanner(text);
    const filter = parseConjunction(scanner, false);
    return typeof filter === "string" ? `Invalid filter clause: ${filter} (at character ${scanner.at} of '${text}').` : filter;
}

/** Clauses joined by `and`, up to the end of the text, or up to the `)` of a group. */
function parseConjunction(s: Scanner, inGroup: boolean): Predicate | string {
    const clauses: Predicate[] = [];
    for (;;) {
        s.skipSpaces();
        const clause = s.take("(") ? parseConjunction(s, true) : parseClause(s);
        if (typeof clause === "string") {
            return clause;
        }
        clauses.push(clause);
        s.skipSpaces();
        if (inGroup ? s.take(")") : s.done) {
            return (app) => clauses.every((c) => c(app));
        }
        if (!s.keyword("and")) {
            return inGroup ? "expected 'and' or ')'" : "expected 'and' or the end";
        }
    }
}

const PROPERTY_EQ: Record<string, keyof ListedApp> = { displayname: "displayName", publisher: "publisher" };
const FUNCTIONS: Record<string, (value: string, literal: string) => boolean> = {
    startswith: (value, literal) => value.startsWith(literal),
    contains: (value, literal) => value.includes(literal),
};

function parseClause(s: Scanner): Predicate | string {
    s.skipSpaces();
    const name = s.word();
    if (name === "") {
        return "expected a property or a function";
    }
    const lower = name.toLowerCase();
    s.skipSpaces();
    if (s.take("(")) {
        if (lower === "isof") {
            const type = s.literal();
            if (type === undefined || !s.take(")")) {
                return "isof takes one quoted type, e.g. isof('microsoft.graph.win32LobApp')";
            }
            return (app) => app.type.toLowerCase() === type.replace(/^#/, "").toLowerCase();
        }
        const test = FUNCTIONS[lower];
        if (!test) {
            return `the function '${name}' is not supported; use isof, startswith or contains`;
        }
        s.skipSpaces();
        if (s.word().toLowerCase() !== "displayname" || !s.take(",")) {
            return `${lower} takes displayName and a quoted text, e.g. ${lower}(displayName,'Te')`;
        }
        s.skipSpaces();
        const literal = s.literal();
        if (literal === undefined || !s.take(")")) {
            return `${lower} takes displayName and a quoted text, e.g. ${lower}(displayName,'Te')`;
        }
        return (app) => test(app.displayName.toLowerCase(), literal.toLowerCase());
    }
    const property = PROPERTY_EQ[lower];
    if (!property) {
        return `the property '${name}' cannot be filtered on; use displayName or publisher`;
    }
    if (!s.keyword("eq")) {
        return `only eq is supported on ${property}`;
    }
    s.skipSpaces();
    const literal = s.literal();
    if (literal === undefined) {
        return `eq takes a quoted text, e.g. ${property} eq 'Teams'`;
    }
    return (app) => app[property].toLowerCase() === literal.toLowerCase();
}

/** A cursor over the filter text. */
class Scanner {
    at = 0;
    constructor(private readonly text: string) {}

    get done(): boolean {
        return this.at >= this.text.length;
    }

    skipSpaces(): void {
        while (this.text[this.at] === " ") {
            this.at++;
        }
    }

    take(char: string): boolean {
        this.skipSpaces();
        if (this.text[this.at] === char) {
            this.at++;
            return true;
        }
        return false;
    }

    word(): string {
        const match = /^[A-Za-z][A-Za-z0-9]*/.exec(this.text.slice(this.at));
        this.at += match ? match[0].length : 0;
        return match ? match[0] : "";
    }

    /** The word `name` (any case) followed by a space. */
    keyword(name: string): boolean {
        this.skipSpaces();
        const next = this.text.slice(this.at, this.at + name.length + 1);
        if (next.toLowerCase() === `${name} `) {
            this.at += name.length + 1;
            return true;
        }
        return false;
    }

    /** A single-quoted literal with '' for a quote; undefined when there is none or it is not closed. */
    literal(): string | undefined {
        this.skipSpaces();
        if (this.text[this.at] !== "'") {
            return undefined;
        }
        let value = "";
        for (let i = this.at + 1; i < this.text.length; i++) {
            if (this.text[i] !== "'") {
                value += this.text[i];
            } else if (this.text[i + 1] === "'") {
                value += "'";
                i++;
            } else {
                this.at = i + 1;
                return value;
            }
        }
        return undefined;
    }
}

/**
 * One page of the collection for `query` (the request's search parameters): the apps that pass
 * `$filter`, from the offset in `$skiptoken`, at most `pageSize`, with `$select` applied, and an
 * `@odata.nextLink` (the same query, the next offset, under `baseUrl`) when more follow.
 */
export function collectionPage(apps: readonly ListedApp[], query: URLSearchParams, pageSize: number, baseUrl: string, path: string): CollectionAnswer {
    const filterText = query.get("$filter");
    let matching = apps;
    if (filterText !== null) {
        const filter = parseAppFilter(filterText);
        if (typeof filter === "string") {
            return { status: 400, message: filter };
        }
        matching = apps.filter(filter);
    }
    const selectText = query.get("$select");
    const selected = selectText === null ? [...SELECTABLE] : selectText.split(",").map((p) => p.trim());
    const unknown = selected.find((p) => !(SELECTABLE as readonly string[]).includes(p));
    if (unknown !== undefined) {
        return { status: 400, message: `Could not find a property named '${unknown}' on type 'microsoft.graph.mobileApp'.` };
    }
    const skipText = query.get("$skiptoken") ?? "0";
    const offset = /^\d+$/.test(skipText) ? Number(skipText) : Number.NaN;
    if (!Number.isSafeInteger(offset)) {
        return { status: 400, message: `The $skiptoken '${skipText}' is not valid.` };
    }
    const page = matching.slice(offset, offset + pageSize);
    const body: Record<string, unknown> = {
        "@odata.context": `https://graph.microsoft.com/beta/$metadata#deviceAppManagement/mobileApps${selectText === null ? "" : `(${selected.join(",")})`}`,
        value: page.map((app) => ({
            "@odata.type": `#${app.type}`,
            ...Object.fromEntries(selected.map((p) => [p, app[p as (typeof SELECTABLE)[number]]])),
        })),
    };
    if (offset + pageSize < matching.length) {
        const next = new URLSearchParams(query);
        next.set("$skiptoken", String(offset + pageSize));
        body["@odata.nextLink"] = `${baseUrl}${path}?${next.toString().replace(/\+/g, "%20")}`;
    }
    return { status: 200, body };
}
