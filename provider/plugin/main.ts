/**
 * The entry of the provider plugin `pulumi-resource-intune` (the executable in the plugin's folder
 * calls {@link main}). The engine starts it with its own gRPC address as the last argument (flags
 * such as `--logtostderr` or `-v=9` may come first), reads the port of the plugin's server from the
 * first line of stdout, and hides the plugin's stderr (unless it dies): the provider's log lines
 * go to the engine's `Log` call (`./engineLog.ts`).
 */
import { engineLogWrite } from "./engineLog";
import { NativeProvider } from "./nativeProvider";
import { parseEngineAddress, watchEngine } from "../session/processLifetime";
import { grpc, providerGrpc } from "./sdkModules";
import { resourceProviderService } from "./server";

/** Starts the plugin's gRPC server on 127.0.0.1 and prints its port; ends the process once the engine is gone. */
export function main(argv: readonly string[] = process.argv.slice(2)): void {
    const engine = parseEngineAddress(argv.at(-1));
    if (engine) {
        watchEngine(engine);
    }
    const server = new grpc.Server();
    server.addService(providerGrpc.ResourceProviderService, resourceProviderService(new NativeProvider(process.env, engine && engineLogWrite(engine))));
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
        if (error) {
            process.stderr.write(`intune: error: the provider plugin could not listen on 127.0.0.1: ${error.message}\n`);
            process.exit(1);
        }
        process.stdout.write(`${port}\n`);
    });
}
