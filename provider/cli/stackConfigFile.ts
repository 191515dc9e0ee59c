import * as fs from "node:fs";
import * as path from "node:path";
import { Document, isMap, isSeq, parseDocument } from "yaml";
import type { ExportedApp } from "../model/exportedApps";

/** The project of the stack-config example program, whose `apps` key `export` writes by default. */
export const DEFAULT_PROJECT = "intune-install-summaries";

/** A stack config file `export` cannot update; nothing was written. */
export class StackConfigFileError extends Error {
    override readonly name = "StackConfigFileError";
}

/**
 * The project whose `<project>:apps` key the stack config `file` (`Pulumi.<stack>.yaml`) gets: the
 * `name` in the `Pulumi.yaml` beside it, else {@link DEFAULT_PROJECT}.
 */
export function projectOf(file: string): string {
    const project = path.join(path.dirname(path.resolve(file)), "Pulumi.yaml");
    if (!fs.existsSync(project)) {
        return DEFAULT_PROJECT;
    }
    const name: unknown = parseDocument(fs.readFileSync(project, "utf8")).get("name");
    return typeof name === "string" && name !== "" ? name : DEFAULT_PROJECT;
}

/** The entries of the `apps` list, as the stack-config example reads them: `name`, `mobileAppId` and every counter. */
export function stackConfigApps(apps: readonly ExportedApp[]): Array<Record<string, unknown>> {
    return apps.map(({ name, app, counters }) => ({ name, mobileAppId: app.id, ...counters }));
}

/**
 * The text of the stack config `file` with `<project>:apps` set to the exported apps (each entry:
 * `name`, `mobileAppId` and every counter, commented with the app's display name), as the
 * stack-config example program reads it. Everything else in an existing file (other keys,
 * `intune:*` settings, secrets, comments) is kept; a new file holds only the list.
 *
 * @throws StackConfigFileError when the existing file is not YAML or its `config` is not a map.
 */
export function stackConfigText(file: string, project: string, apps: readonly ExportedApp[]): string {
    const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    const doc = existing === undefined ? new Document({}) : parseDocument(existing);
    if (doc.errors.length > 0) {
        throw new StackConfigFileError(`${file} is not valid YAML (${doc.errors[0].message.split("\n")[0]}); nothing was written.`);
    }
    if (existing !== undefined && doc.contents !== null && !isMap(doc.contents)) {
        throw new StackConfigFileError(`${file} does not hold a map (a stack config has a config: section); nothing was written.`);
    }
    const config = doc.get("config");
    if (config !== undefined && config !== null && !isMap(config)) {
        throw new StackConfigFileError(`${file}: config is not a map of keys; nothing was written.`);
    }
    const list = doc.createNode(stackConfigApps(apps));
    if (isSeq(list)) {
        list.items.forEach((item, i) => {
            (item as { commentBefore?: string }).commentBefore = ` ${apps[i].app.displayName.replace(/\s+/g, " ")}`;
        });
    }
    doc.setIn(["config", `${project}:apps`], list);
    return doc.toString({ lineWidth: 0 });
}
