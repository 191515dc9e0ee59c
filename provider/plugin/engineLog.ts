/**
 * The plugin's log lines, sent to the engine by its `Log` call. The engine hides the stderr of a
 * native resource plugin (it shows it only when the plugin dies), so what the provider tells the
 * user (a write Graph did not apply, values restored on destroy, retries and throttling) must go
 * this way to be seen, each line with its level as the engine's severity.
 */
import type { LogLevel, LogWrite } from "../log/log";
import type { EngineAddress } from "../session/processLifetime";
import { engineGrpc, engineProto, grpc } from "./sdkModules";

/**
 * A line's level as the engine's severity. `intune:logLevel` already chose which lines are written,
 * so a verbose line is shown as info: the engine's DEBUG would hide it again unless `--debug`.
 */
const SEVERITIES: Record<LogLevel, number> = {
    error: engineProto.LogSeverity.ERROR,
    warning: engineProto.LogSeverity.WARNING,
    info: engineProto.LogSeverity.INFO,
    verbose: engineProto.LogSeverity.INFO,
};

/**
 * A sink that sends each line to the engine at `engine` (`intune: <text>`, the level as severity),
 * and writes it to stderr when the call fails, so a line is never lost without a trace. Sending
 * does not wait: an operation's answer never waits for its log lines.
 */
export function engineLogWrite(engine: EngineAddress): LogWrite {
    const client = new engineGrpc.EngineClient(`${engine.host}:${engine.port}`, grpc.credentials.createInsecure());
    return (line, level, text) => {
        const request = new engineProto.LogRequest().setSeverity(SEVERITIES[level]).setMessage(`intune: ${text}`);
        client.log(request, (error) => {
            if (error) {
                process.stderr.write(line);
            }
        });
    };
}
