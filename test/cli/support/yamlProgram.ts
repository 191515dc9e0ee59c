import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";

/** The resource type of the native plugin, as a Pulumi YAML program names it. */
export const NATIVE_TYPE = "intune:index:MobileAppInstallSummary";

/** One resource of a Pulumi YAML program: its type, properties and options. */
export interface YamlResource {
    type?: string;
    properties?: Record<string, unknown>;
    options?: Record<string, unknown>;
}

/**
 * Rewrites the `resources` of the Pulumi YAML program in `programDir` (its `Pulumi.yaml`), as a
 * user edits the program between two commands; `type` defaults to {@link NATIVE_TYPE}. Project
 * settings (`plugins`, `config`) are kept; `outputs` are dropped, since they name resources.
 */
export function writeYamlResources(programDir: string, resources: Record<string, YamlResource>, config?: Record<string, unknown>): void {
    const file = path.join(programDir, "Pulumi.yaml");
    const project = yaml.load(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    delete project.outputs;
    project.resources = Object.fromEntries(Object.entries(resources).map(([name, r]) => [name, { type: NATIVE_TYPE, ...r }]));
    if (config) {
        project.config = config;
    }
    fs.writeFileSync(file, yaml.dump(project));
}
