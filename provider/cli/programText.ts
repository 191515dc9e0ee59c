import type { ExportedApp } from "../model/exportedApps";
import { PACKAGE_NAME } from "../session/packageInfo";

/** A display name as a line comment may hold it: control characters and line breaks as spaces. */
function commentText(text: string): string {
    // eslint-disable-next-line no-control-regex -- control characters are what is replaced
    return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
}

/**
 * The TypeScript Pulumi program `export` writes: one `MobileAppInstallSummary` per app, in the
 * order given, each commented with the app's display name (and its type and publisher), declaring
 * every counter at the value the tenant holds. Deploying it adopts each summary with a read and no
 * write. The text depends only on `apps` and `source`: no date, so a second export of an unchanged
 * tenant writes the same file.
 */
export function programText(apps: readonly ExportedApp[], source: string): string {
    const lines = [
        `// Written by \`intune-install-summary export\` from ${commentText(source)}: ${apps.length} app${apps.length === 1 ? "" : "s"}.`,
        "// Deploying it as it is adopts each install summary with the values it has now, and writes nothing.",
        `import { MobileAppInstallSummary } from "${PACKAGE_NAME}";`,
    ];
    for (const { name, app, counters } of apps) {
        const publisher = app.publisher ? `, ${commentText(app.publisher)}` : "";
        lines.push(
            "",
            `// ${commentText(app.displayName) || "(no display name)"} (${app.odataType}${publisher})`,
            `new MobileAppInstallSummary(${JSON.stringify(name)}, {`,
            `    mobileAppId: ${JSON.stringify(app.id)},`,
            ...Object.entries(counters).map(([counter, value]) => `    ${counter}: ${value},`),
            "});",
        );
    }
    return `${lines.join("\n")}\n`;
}
