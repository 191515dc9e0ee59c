/**
 * `.dependency-cruiser.js` reports what it exists for: each case is a small tree laid out like
 * this repository's (in a temp folder), cruised by the dependency-cruiser CLI with the
 * repository's rules, and must give exactly the violations named (none for the allowed case).
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./support/fixtures";

const CASES: Array<{ name: string; files: Record<string, string>; rules: string[] }> = [
    {
        name: "a layer importing one before it",
        files: {
            "provider/graph/client.ts": 'import { x } from "../model/fields";\nexport const y = x;\n',
            "provider/model/fields.ts": "export const x = 1;\n",
        },
        rules: [],
    },
    {
        name: "the model importing the Graph client's types",
        files: {
            "provider/model/state.ts": 'import type { T } from "../graph/client";\nexport type U = T;\n',
            "provider/graph/client.ts": "export type T = number;\n",
        },
        rules: ["no-upward-from-model"],
    },
    {
        name: "the operations importing the host",
        files: {
            "provider/operations/read.ts": 'import { s } from "../host/session";\nexport const r = s;\n',
            "provider/host/session.ts": "export const s = 1;\n",
        },
        rules: ["no-upward-from-operations"],
    },
    {
        name: "the session importing a place",
        files: {
            "provider/session/session.ts": 'import { p } from "../host/dynamicProvider";\nexport const s = p;\n',
            "provider/host/dynamicProvider.ts": "export const p = 1;\n",
        },
        rules: ["no-upward-from-session"],
    },
    {
        name: "a place importing a layer",
        files: {
            "provider/plugin/server.ts": 'import { s } from "../session/session";\nexport const p = s;\n',
            "provider/session/session.ts": "export const s = 1;\n",
        },
        rules: [],
    },
    {
        name: "the plugin importing the dynamic-provider host",
        files: {
            "provider/plugin/server.ts": 'import { d } from "../host/dynamicProvider";\nexport const p = d;\n',
            "provider/host/dynamicProvider.ts": "export const d = 1;\n",
        },
        rules: ["no-place-from-plugin"],
    },
    {
        name: "the Graph client importing Pulumi's SDK",
        files: { "provider/graph/client.ts": 'import * as pulumi from "@pulumi/pulumi";\nexport const c = pulumi;\n' },
        rules: ["pulumi-only-in-places"],
    },
    {
        name: "an import cycle",
        files: {
            "provider/model/inputs.ts": 'import { b } from "./suggest";\nexport const a = () => b;\n',
            "provider/model/suggest.ts": 'import { a } from "./inputs";\nexport const b = () => a;\n',
        },
        rules: ["no-circular"],
    },
    {
        name: "the model reading a file",
        files: { "provider/model/fields.ts": 'import * as fs from "node:fs";\nexport const x = fs.existsSync;\n' },
        rules: ["model-is-pure"],
    },
    {
        name: "the package importing the emulator",
        files: {
            "provider/graph/client.ts": 'import { e } from "../../emulator/graphEmulator";\nexport const c = e;\n',
            "emulator/graphEmulator.ts": "export const e = 1;\n",
        },
        rules: ["provider-stands-alone"],
    },
    {
        name: "the emulator importing the provider's field table",
        files: {
            "emulator/graphEmulator.ts": 'import { x } from "../provider/model/fields";\nexport const e = x;\n',
            "provider/model/fields.ts": "export const x = 1;\n",
        },
        rules: ["emulator-stands-alone"],
    },
    {
        name: "an import cycle in the emulator",
        files: {
            "emulator/graphEmulator.ts": 'import { v } from "./validation";\nexport const g = () => v;\n',
            "emulator/validation.ts": 'import { g } from "./graphEmulator";\nexport const v = () => g;\n',
        },
        rules: ["no-circular"],
    },
    {
        name: "a module importing the package's entry",
        files: { "provider/model/fields.ts": 'import { i } from "../index";\nexport const f = i;\n', "provider/index.ts": "export const i = 1;\n" },
        rules: ["no-import-of-the-entry"],
    },
];

/** The names of the rules dependency-cruiser reports for the tree `files`. */
function violations(files: Record<string, string>): Promise<string[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intune-depcruise-"));
    for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
    }
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "commonjs", strict: true, types: [] } }));
    const cli = path.join(REPO_ROOT, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
    return new Promise((resolve, reject) =>
        execFile(
            process.execPath,
            [
                cli,
                ...["provider", "emulator"].filter((d) => fs.existsSync(path.join(dir, d))),
                "--config",
                path.join(REPO_ROOT, ".dependency-cruiser.js"),
                "--output-type",
                "json",
            ],
            { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
            (error, stdout, stderr) => {
                fs.rmSync(dir, { recursive: true, force: true });
                try {
                    const result = JSON.parse(stdout) as { summary: { violations: Array<{ rule: { name: string } }> } };
                    resolve(result.summary.violations.map((v) => v.rule.name).sort());
                } catch {
                    reject(new Error(`dependency-cruiser failed: ${stderr || error?.message}`));
                }
            },
        ),
    );
}

describe(".dependency-cruiser.js: the import rules", function () {
    this.timeout(60_000);
    for (const c of CASES) {
        it(`${c.name}: ${c.rules.join(", ") || "no violation"}`, async () => assert.deepEqual(await violations(c.files), [...c.rules].sort()));
    }
});
