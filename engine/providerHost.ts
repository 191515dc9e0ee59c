import { ChildProcess, spawn } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";

/** The secret wrapper of Pulumi's wire format, as `Configure` args carry secret config. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** Wraps a config value the way the engine sends a secret. */
export function secretValue(value: string): Record<string, string> {
    return { [SECRET_SIG]: SECRET_VALUE, value };
}

/** A failed RPC: the message the engine would show, and for create the partial resource if any. */
export class HostRpcError extends Error {
    override readonly name = "HostRpcError";
    constructor(
        readonly method: string,
        message: string,
        /** Set when create failed after the resource came to exist (ErrorResourceInitFailed). */
        readonly partial?: { id: string; properties: Record<string, unknown>; reasons: string[] },
    ) {
        super(message);
    }
}

export type Props = Record<string, unknown>;

/* eslint-disable @typescript-eslint/no-explicit-any -- the SDK's generated protobuf stubs are untyped JS. */

/**
 * Pulumi's own dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`), started as the
 * engine starts it: a plain `node` process whose working directory is the Pulumi program's folder,
 * printing its gRPC port on the first line of stdout, and given the engine's address as its
 * argument: a TCP listener that stands for the engine's gRPC server, for as long as this object
 * lives (the provider checks that address to tell whether the engine is still there). The
 * methods speak gRPC to it with the SDK's own stubs, as the engine does. Everything the host
 * prints is kept in `stdout`/`stderr` (the Pulumi CLI shows it to users).
 */
export class ProviderHost {
    stdout = "";
    stderr = "";
    /** Settles when the host process has exited, with its exit code (null when a signal ended it). */
    readonly exited: Promise<number | null>;
    private constructor(
        private readonly child: ChildProcess,
        private readonly client: any,
        private readonly sdk: { pb: any; struct: any; grpc: any; status: any; any: any },
        private readonly engine: net.Server,
    ) {
        this.exited = new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) {
                resolve(child.exitCode);
            } else {
                child.once("exit", (code) => resolve(code));
            }
        });
    }

    /** The process id of the host. */
    get pid(): number {
        return this.child.pid!;
    }

    /** What a killed Pulumi CLI does to the host, in part: its gRPC address stops answering. */
    async closeEngineAddress(): Promise<void> {
        await new Promise<void>((resolve) => this.engine.close(() => resolve()));
    }

    /** What a killed Pulumi CLI does to the host, in part: the host's stdout and stderr lose their reader. */
    closeOutput(): void {
        this.child.stdout!.destroy();
        this.child.stderr!.destroy();
    }

    /**
     * Starts the host with `cwd` = `programDir`, using the @pulumi/pulumi installed for that program.
     * `env` is the host's whole environment (the caller decides what it inherits).
     */
    static async start(programDir: string, env: NodeJS.ProcessEnv, onOutput?: (stream: "stdout" | "stderr", text: string) => void): Promise<ProviderHost> {
        const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [programDir] }));
        // The engine speaks the SDK's own protocol version: load its stubs from the program's SDK, by path.
        /* eslint-disable @typescript-eslint/no-require-imports */
        const fromSdk = (id: string) => require(require.resolve(id, { paths: [sdkDir] }));
        const sdk = {
            grpc: fromSdk("@grpc/grpc-js"),
            pb: require(path.join(sdkDir, "proto", "provider_pb")),
            rpc: require(path.join(sdkDir, "proto", "provider_grpc_pb")),
            struct: fromSdk("google-protobuf/google/protobuf/struct_pb"),
            status: require(path.join(sdkDir, "proto", "status_pb")),
            any: fromSdk("google-protobuf/google/protobuf/any_pb"),
        };
        /* eslint-enable @typescript-eslint/no-require-imports */
        const engine = net.createServer((socket) => socket.destroy());
        const enginePort = await new Promise<number>((resolve, reject) => {
            engine.once("error", reject);
            engine.listen(0, "127.0.0.1", () => resolve((engine.address() as net.AddressInfo).port));
        });
        engine.unref();
        const child = spawn(process.execPath, [path.join(sdkDir, "cmd", "dynamic-provider", "index.js"), `127.0.0.1:${enginePort}`], {
            cwd: programDir,
            env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        const port = await new Promise<number>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`the provider host printed no port within 30 s; stderr: ${stderr}`)), 30_000);
            child.stdout.on("data", (chunk: Buffer) => {
                stdout += chunk.toString();
                onOutput?.("stdout", chunk.toString());
                const line = /^(\d+)\s*\n/.exec(stdout);
                if (line) {
                    clearTimeout(timer);
                    resolve(Number(line[1]));
                }
            });
            child.stderr.on("data", (chunk: Buffer) => {
                stderr += chunk.toString();
                onOutput?.("stderr", chunk.toString());
            });
            child.on("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`the provider host exited with ${code} before printing its port; stderr: ${stderr}`));
            });
        }).catch((error: unknown) => {
            engine.close();
            throw error;
        });
        const client = new sdk.rpc.ResourceProviderClient(`127.0.0.1:${port}`, sdk.grpc.credentials.createInsecure());
        const host = new ProviderHost(child, client, sdk, engine);
        host.stdout = stdout;
        host.stderr = stderr;
        child.stdout.on("data", (chunk: Buffer) => (host.stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (host.stderr += chunk.toString()));
        return host;
    }

    /** Stops the host (SIGTERM, then SIGKILL after 5 s), closes the channel and the engine's address. */
    async stop(): Promise<void> {
        this.client.close();
        this.engine.close();
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
            return;
        }
        const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
        this.child.kill("SIGTERM");
        const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
    }

    /** `Configure` with the whole stack config, namespaced keys (`intune:cloud`), secrets wrapped. */
    async configure(config: Props): Promise<void> {
        const req = new this.sdk.pb.ConfigureRequest();
        req.setArgs(this.sdk.struct.Struct.fromJavaScript(config));
        req.setAcceptsecrets(true);
        req.setAcceptresources(true);
        await this.call("configure", req);
    }

    async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: Array<{ property: string; reason: string }> }> {
        const req = new this.sdk.pb.CheckRequest();
        req.setUrn(urn);
        req.setOlds(this.struct(olds));
        req.setNews(this.struct(news));
        const resp = await this.call("check", req);
        return {
            inputs: resp.getInputs()?.toJavaScript() ?? {},
            failures: resp.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    async diff(
        urn: string,
        id: string,
        olds: Props,
        news: Props,
    ): Promise<{ changes: "none" | "some" | "unknown"; replaces: string[]; deleteBeforeReplace: boolean }> {
        const req = new this.sdk.pb.DiffRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setOlds(this.struct(olds));
        req.setNews(this.struct(news));
        const resp = await this.call("diff", req);
        const kinds = this.sdk.pb.DiffResponse.DiffChanges;
        const changes = resp.getChanges() === kinds.DIFF_SOME ? "some" : resp.getChanges() === kinds.DIFF_NONE ? "none" : "unknown";
        return { changes, replaces: resp.getReplacesList(), deleteBeforeReplace: resp.getDeletebeforereplace() };
    }

    /**
     * `Create`. `timeoutSeconds` is what the engine sends from the resource's `customTimeouts.create`
     * (the request's `timeout` field); omitted, the field stays 0 as without customTimeouts.
     */
    async create(urn: string, properties: Props, timeoutSeconds?: number): Promise<{ id: string; properties: Props }> {
        const req = new this.sdk.pb.CreateRequest();
        req.setUrn(urn);
        req.setProperties(this.struct(properties));
        if (timeoutSeconds !== undefined) {
            req.setTimeout(timeoutSeconds);
        }
        const resp = await this.call("create", req);
        return { id: resp.getId(), properties: resp.getProperties()?.toJavaScript() ?? {} };
    }

    async read(urn: string, id: string, properties: Props, inputs: Props): Promise<{ id: string; properties: Props; inputs?: Props }> {
        const req = new this.sdk.pb.ReadRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setProperties(this.struct(properties));
        req.setInputs(this.struct(inputs));
        const resp = await this.call("read", req);
        return { id: resp.getId(), properties: resp.getProperties()?.toJavaScript() ?? {}, inputs: resp.getInputs()?.toJavaScript() };
    }

    /** `Update`; `timeoutSeconds` as for {@link create}, from `customTimeouts.update`. */
    async update(urn: string, id: string, olds: Props, news: Props, timeoutSeconds?: number): Promise<{ properties: Props }> {
        const req = new this.sdk.pb.UpdateRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setOlds(this.struct(olds));
        req.setNews(this.struct(news));
        if (timeoutSeconds !== undefined) {
            req.setTimeout(timeoutSeconds);
        }
        const resp = await this.call("update", req);
        return { properties: resp.getProperties()?.toJavaScript() ?? {} };
    }

    /** `Delete`; `timeoutSeconds` as for {@link create}, from `customTimeouts.delete`. */
    async delete(urn: string, id: string, properties: Props, timeoutSeconds?: number): Promise<void> {
        const req = new this.sdk.pb.DeleteRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setProperties(this.struct(properties));
        if (timeoutSeconds !== undefined) {
            req.setTimeout(timeoutSeconds);
        }
        await this.call("delete", req);
    }

    private struct(value: Props): any {
        return this.sdk.struct.Struct.fromJavaScript(value);
    }

    private call(method: string, req: unknown): Promise<any> {
        return new Promise((resolve, reject) => {
            this.client[method](req, (err: any, resp: any) => {
                if (err) {
                    reject(new HostRpcError(method, err.details ?? err.message, this.partialFrom(err)));
                } else {
                    resolve(resp);
                }
            });
        });
    }

    /** Reads `ErrorResourceInitFailed` from a failed create's status details, as the engine does. */
    private partialFrom(err: any): HostRpcError["partial"] {
        const raw = err.metadata?.get?.("grpc-status-details-bin")?.[0];
        if (!raw) {
            return undefined;
        }
        const status = this.sdk.status.Status.deserializeBinary(new Uint8Array(raw));
        for (const detail of status.getDetailsList()) {
            const failed = detail.unpack(this.sdk.pb.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed");
            if (failed) {
                return { id: failed.getId(), properties: failed.getProperties()?.toJavaScript() ?? {}, reasons: failed.getReasonsList() };
            }
        }
        return undefined;
    }
}
