/** exportTenant over a fake Graph client: what is skipped and what fails the export, the progress, and the reads at once. */
import { strict as assert } from "node:assert";
import type { GraphAnswer } from "../../../provider/graph/client";
import { GraphError, GraphErrorKind } from "../../../provider/graph/errors";
import { OperationStats } from "../../../provider/graph/stats";
import type { InstallSummary } from "../../../provider/model/installSummary";
import type { MobileApp } from "../../../provider/model/mobileApps";
import { ExportClient, exportTenant } from "../../../provider/operations/exportTenant";

const app = (id: string, displayName: string): MobileApp => ({ id, displayName, odataType: "#microsoft.graph.win32LobApp", publisher: "" });
const failure = (kind: GraphErrorKind, status?: number) => new GraphError({ kind, method: "GET", path: "/x", status, attempts: 1 });

/** Lists `apps`; a read of an id in `failing` throws its error; counts the reads in flight. */
class FakeTenant implements ExportClient {
    reads: string[] = [];
    inFlight = 0;
    peak = 0;
    constructor(
        private readonly apps: MobileApp[],
        private readonly failing: Record<string, unknown> = {},
    ) {}
    async listMobileApps(): Promise<MobileApp[]> {
        return this.apps;
    }
    async getInstallSummary(appId: string): Promise<GraphAnswer<InstallSummary>> {
        this.reads.push(appId);
        this.peak = Math.max(this.peak, ++this.inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        this.inFlight--;
        if (this.failing[appId]) {
            throw this.failing[appId];
        }
        return { status: 200, body: { id: `s-${appId}`, installedDeviceCount: appId.length }, clientRequestId: "c" };
    }
}

describe("provider/operations/exportTenant", () => {
    const apps = [app("c", "Charlie"), app("a", "alpha"), app("b", "Bravo"), app("d", "Delta")];

    it("exports in name order, skips an app whose summary is not served or that was deleted, and reports progress", async () => {
        const tenant = new FakeTenant(apps, { b: failure("summaryUnavailable", 404), d: failure("appNotFound", 404) });
        const progress: string[] = [];
        const result = await exportTenant({}, tenant, new OperationStats(), { concurrency: 2, progress: (done, total) => progress.push(`${done}/${total}`) });
        assert.deepEqual(
            result.exported.map((e) => e.name),
            ["alpha", "charlie"],
        );
        assert.deepEqual(
            result.skipped.map((s) => [s.app.id, s.reason]),
            [
                ["b", "summaryUnavailable"],
                ["d", "appNotFound"],
            ],
        );
        assert.deepEqual(progress, ["0/4", "1/4", "2/4", "3/4", "4/4"]);
        assert.equal(tenant.peak, 2, "at most `concurrency` reads at once");
    });

    for (const [name, error] of [
        ["a 403", failure("http", 403)],
        ["a sign-in failure", failure("auth")],
        ["a defect", new TypeError("boom")],
    ] as const) {
        it(`fails on ${name}, and sends none of the reads not started yet`, async () => {
            const many = Array.from({ length: 20 }, (_, i) => app(`app-${String(i).padStart(2, "0")}`, `App ${String(i).padStart(2, "0")}`));
            const tenant = new FakeTenant(many, { "app-01": error });
            await assert.rejects(exportTenant({}, tenant, new OperationStats(), { concurrency: 2 }), (e: unknown) => e === error);
            await new Promise((resolve) => setTimeout(resolve, 50));
            assert.ok(tenant.reads.length <= 4, `${tenant.reads.length} reads`);
        });
    }
});
