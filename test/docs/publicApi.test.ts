/**
 * The public API as users see it: no `any` in the declarations the packages ship (`dist/**.d.ts` and
 * the emulator's `emulator/dist/**.d.ts`, built by `npm run build`), and TSDoc on every export of
 * every module under `provider/` and of the emulator's entry point.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { REPO_ROOT } from "../support/fixtures";

function filesUnder(dir: string, suffix: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((entry) =>
            entry.isDirectory() ? filesUnder(path.join(dir, entry.name), suffix) : entry.name.endsWith(suffix) ? [path.join(dir, entry.name)] : [],
        );
}

describe("public API", () => {
    it("no `any` in the shipped declarations of provider/ and emulator/", () => {
        const declarations = [...filesUnder(path.join(REPO_ROOT, "dist"), ".d.ts"), ...filesUnder(path.join(REPO_ROOT, "emulator", "dist"), ".d.ts")];
        assert.ok(declarations.length > 10, "run npm run build first");
        const found: string[] = [];
        for (const file of declarations) {
            const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
            const visit = (node: ts.Node): void => {
                if (node.kind === ts.SyntaxKind.AnyKeyword) {
                    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
                    found.push(`${path.relative(REPO_ROOT, file)}:${line + 1}`);
                }
                ts.forEachChild(node, visit);
            };
            visit(source);
        }
        assert.deepEqual(found, []);
    });

    it("every export of provider/ and of the emulator's entry point has TSDoc", () => {
        const entries = [...filesUnder(path.join(REPO_ROOT, "provider"), ".ts"), path.join(REPO_ROOT, "emulator", "index.ts")];
        const program = ts.createProgram(entries, { strict: true, skipLibCheck: true, noEmit: true });
        const checker = program.getTypeChecker();
        const undocumented: string[] = [];
        for (const file of entries) {
            const module = checker.getSymbolAtLocation(program.getSourceFile(file)!);
            for (const exported of module ? checker.getExportsOfModule(module) : []) {
                const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
                if (!ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim()) {
                    undocumented.push(`${path.relative(REPO_ROOT, file)}: ${exported.name}`);
                }
            }
        }
        assert.ok(entries.length > 20);
        assert.deepEqual(undocumented, []);
    });
});
