/** The plugin's log lines sent to the engine's `Log` call: a gRPC server standing in for the engine, on 127.0.0.1. */
import { strict as assert } from "node:assert";
import type * as grpcJs from "@grpc/grpc-js";
import { createLogger } from "../../../provider/log/log";
import { Redactor } from "../../../provider/log/redaction";
import { engineLogWrite } from "../../../provider/plugin/engineLog";
import { emptyProto, engineGrpc, engineProto, grpc } from "../../../provider/plugin/sdkModules";
import { TEST_TOKEN } from "../../support/fixtures";

type LogRequest = InstanceType<typeof engineProto.LogRequest>;

/** Resolves once `count` lines arrived (bounded: the test's own timeout). */
function waitFor(received: unknown[], count: number): Promise<void> {
    return new Promise((resolve) => {
        const timer = setInterval(() => received.length >= count && (clearInterval(timer), resolve()), 10);
    });
}

describe("provider/plugin/engineLog engineLogWrite", () => {
    let server: grpcJs.Server;
    let port: number;
    const received: Array<{ severity: number; message: string }> = [];

    before(async () => {
        server = new grpc.Server();
        server.addService(engineGrpc.EngineService, {
            log: (call: grpcJs.ServerUnaryCall<LogRequest, unknown>, callback: grpcJs.sendUnaryData<unknown>) => {
                received.push({ severity: call.request.getSeverity(), message: call.request.getMessage() });
                callback(null, new emptyProto.Empty());
            },
        });
        port = await new Promise<number>((resolve, reject) =>
            server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, p) => (error ? reject(error) : resolve(p))),
        );
    });
    after(() => server?.forceShutdown());

    it("sends each line with its level as the engine's severity (verbose as info, since intune:logLevel chose it), redacted", async () => {
        const log = createLogger("verbose", new Redactor([TEST_TOKEN]), engineLogWrite({ host: "127.0.0.1", port }));
        log.log("error", "e");
        log.log("warning", `w ${TEST_TOKEN}`);
        log.log("info", "i");
        log.log("verbose", "v");
        await waitFor(received, 4);
        const { ERROR, WARNING, INFO } = engineProto.LogSeverity;
        assert.deepEqual(
            [...received].sort((a, b) => a.message.localeCompare(b.message)),
            [
                { severity: ERROR, message: "intune: e" },
                { severity: INFO, message: "intune: i" },
                { severity: INFO, message: "intune: v" },
                { severity: WARNING, message: "intune: w [redacted]" },
            ],
        );
    });

    it("writes the line to stderr when the engine cannot be reached, so no line is lost without a trace", async () => {
        const written: string[] = [];
        const original = process.stderr.write.bind(process.stderr);
        process.stderr.write = (chunk: string) => (written.push(String(chunk)), true);
        try {
            const unreachable = engineLogWrite({ host: "127.0.0.1", port: 1 });
            unreachable("intune: warning: lost?\n", "warning", "lost?");
            await waitFor(written, 1);
        } finally {
            process.stderr.write = original;
        }
        assert.deepEqual(written, ["intune: warning: lost?\n"]);
    });
});
