import * as fs from "node:fs";
import * as path from "node:path";

/** This package's name; the serialized provider requires the package by it. */
export const PACKAGE_NAME = "pulumi-intune-install-summary";

/** This package's version, from the package.json found from here (in sources or in `dist/`); undefined if none is found. */
function findVersion(): string | undefined {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
            if (manifest.name === PACKAGE_NAME && manifest.version) {
                return manifest.version;
            }
        }
        if (path.dirname(dir) === dir) {
            return undefined;
        }
    }
}

/** The version in this package's package.json. */
export function packageVersion(): string {
    return findVersion() ?? "0.0.0";
}

/**
 * Where the provider's code runs, as the `User-Agent` names it: Pulumi's dynamic-provider host, the
 * provider plugin, the user's Pulumi program (`getMobileApp(s)`), or the export command.
 */
export type ProviderPlace = "pulumi-dynamic-provider" | "pulumi-resource-intune" | "pulumi-program" | "export";

/**
 * The start of the `User-Agent` of every Graph request: package and version, and where it runs.
 * The pipeline's user agent policy (core-rest-pipeline's) appends its own name, the runtime and the OS.
 */
export function userAgent(place: ProviderPlace): string {
    return `${PACKAGE_NAME}/${packageVersion()} ${place}`;
}
