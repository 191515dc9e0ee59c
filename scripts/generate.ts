/**
 * Writes what is made from the package schema (`provider/plugin/schema.ts`, itself made from the
 * field table and the configuration table) into the repository: `plugin/schema.json`, the schema
 * as the plugin serves it, and the typed Node.js SDK in `sdk/nodejs/` (its package.json and
 * sources), each formatted by Prettier with the repository's settings, as lint wants it. Run it
 * (`npm run generate`) after a change of either table; `test/scripts/generate.test.ts` fails
 * while the committed files differ from what it writes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { packageSchema } from "../provider/plugin/schema";
import { nodejsSdkFiles } from "./generate/nodejsSdk";

const ROOT = path.resolve(__dirname, "..");

function manifest(file: string): { version: string; peerDependencies?: Record<string, string> } {
    return JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as { version: string; peerDependencies?: Record<string, string> };
}

/** The version of the package, which the schema and the SDK carry. */
export function repositoryVersion(): string {
    return manifest("package.json").version;
}

/** The least `@pulumi/pulumi` the package supports (its peer dependency's lower bound), which the SDK asks for too. */
function leastPulumiVersion(): string {
    const range = manifest("package.json").peerDependencies?.["@pulumi/pulumi"] ?? "";
    const least = /^>=\s*(\d+\.\d+\.\d+)/.exec(range);
    if (!least) {
        throw new Error(`package.json: peerDependencies["@pulumi/pulumi"] should start with ">=x.y.z"; it is ${JSON.stringify(range)}`);
    }
    return least[1];
}

/** Every generated file, formatted: path from the repository root → text. */
export async function generatedFiles(version = repositoryVersion()): Promise<Record<string, string>> {
    const schema = packageSchema(version);
    const raw: Record<string, string> = { "plugin/schema.json": JSON.stringify(schema) };
    for (const [file, text] of Object.entries(nodejsSdkFiles(schema, leastPulumiVersion()))) {
        raw[path.posix.join("sdk/nodejs", file)] = text;
    }
    const files: Record<string, string> = {};
    for (const [file, text] of Object.entries(raw)) {
        const filepath = path.join(ROOT, file);
        files[file] = await prettier.format(text, { ...(await prettier.resolveConfig(filepath)), filepath });
    }
    return files;
}

if (require.main === module) {
    void generatedFiles().then((files) => {
        for (const [file, text] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
            fs.writeFileSync(path.join(ROOT, file), text);
            console.log(`wrote ${file}`);
        }
    });
}
