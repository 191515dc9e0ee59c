import pLimit from "p-limit";
import { isGraphError } from "../graph/errors";
import type { OperationStats } from "../graph/stats";
import { ExportedApp, exportedApps } from "../model/exportedApps";
import type { InstallSummary } from "../model/installSummary";
import type { MobileApp, MobileAppsArgs } from "../model/mobileApps";
import { AppsClient, findMobileApps } from "./findMobileApps";
import type { SummaryClient } from "./operationContext";

/** What an export needs of a Graph client: list apps, read a summary. */
export interface ExportClient extends AppsClient, Pick<SummaryClient, "getInstallSummary"> {}

/** An app listed but not exported, and why. */
export interface SkippedApp {
    app: MobileApp;
    /** `summaryUnavailable`: Graph does not serve its installSummary; `appNotFound`: it was deleted after the listing. */
    reason: "summaryUnavailable" | "appNotFound";
}

/** What an export found: the apps to write, in order, and the apps it skipped, in the same order. */
export interface TenantExport {
    exported: ExportedApp[];
    skipped: SkippedApp[];
}

/** How an export runs. */
export interface ExportOptions {
    /** Summaries read at once (the Graph client's sockets bound the requests in flight in any case). */
    concurrency: number;
    /** Called after the listing with the number of apps, then after each summary read or skipped. */
    progress?: (done: number, total: number) => void;
}

/**
 * Lists the apps `args` select (`./findMobileApps.ts`: sorted by name, then id) and reads each
 * one's install summary, `options.concurrency` at a time. An app whose summary Graph does not
 * serve, or that was deleted since the listing, is skipped, not fatal; any other failure fails
 * the export (nothing is half-written by the caller). Requests: the listing's pages, then one
 * GET per app (plus, for a skipped app, the GET of the app that tells why).
 *
 * @throws GraphError of the listing or of a read that failed otherwise.
 */
export async function exportTenant(args: MobileAppsArgs, client: ExportClient, stats: OperationStats, options: ExportOptions): Promise<TenantExport> {
    const apps = await findMobileApps(args, client, stats);
    options.progress?.(0, apps.length);
    const limit = pLimit(Math.max(1, options.concurrency));
    let done = 0;
    const results = await Promise.all(
        apps.map((app) =>
            limit(async (): Promise<{ app: MobileApp; summary: InstallSummary } | SkippedApp> => {
                try {
                    return { app, summary: (await client.getInstallSummary(app.id, stats)).body! };
                } catch (error) {
                    if (isGraphError(error) && (error.kind === "summaryUnavailable" || error.kind === "appNotFound")) {
                        return { app, reason: error.kind };
                    }
                    limit.clearQueue(); // the export fails: the reads not started yet are not sent
                    throw error;
                } finally {
                    options.progress?.(++done, apps.length);
                }
            }),
        ),
    );
    const read = results.filter((r): r is { app: MobileApp; summary: InstallSummary } => "summary" in r);
    return { exported: exportedApps(read), skipped: results.filter((r): r is SkippedApp => "reason" in r) };
}
