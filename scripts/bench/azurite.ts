import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { withDeadline } from "./concurrency";

/** Azurite's fixed development account and its published key (not a secret: every Azurite has them). */
export const AZURITE_ACCOUNT = "devstoreaccount1";
export const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/** Azurite's blob service on loopback, with one container for Pulumi state. */
export interface AzuriteBlob {
    /** E.g. `http://127.0.0.1:41234`. */
    endpoint: string;
    container: string;
    /** The environment that points the Pulumi CLI at the container: a DIY Azure Blob backend. */
    backendEnv: NodeJS.ProcessEnv;
    /** Size in bytes of one blob of the container, e.g. `.pulumi/stacks/<project>/<stack>.json`. */
    blobBytes(name: string): Promise<number>;
    /** Ends Azurite by its pid and waits for it to exit. */
    stop(): Promise<void>;
}

/**
 * Starts Azurite's blob service from the devDependency `azurite` on 127.0.0.1 and a free port
 * (port 0; the port is read from the line Azurite prints), its data in a temp folder removed at
 * stop, telemetry off, and creates the container. Not `--inMemoryPersistence`: Azurite frees the
 * extents of overwritten blobs only in its garbage collection every 10 minutes, and every
 * checkpoint uploads the whole state (2 × N uploads of up to 2.5 MB per `pulumi up` of 400
 * resources), so memory ran past any sensible limit within one N = 200 round; on disk, that
 * garbage waits its turn without harm. `--skipApiVersionCheck`: the Pulumi CLI's Azure SDK sends a storage
 * API version newer than this Azurite knows (Azurite 3.35 is the last one for Node.js 20), and
 * the blob operations a backend uses are the same in both versions.
 */
export async function startAzuriteBlob(container = "pulumi-state"): Promise<AzuriteBlob> {
    const main = path.join(path.dirname(require.resolve("azurite/package.json")), "dist", "src", "blob", "main.js");
    const location = fs.mkdtempSync(path.join(os.tmpdir(), "intune-bench-azurite-"));
    const args = [main, "--blobHost", "127.0.0.1", "--blobPort", "0", "--location", location, "--disableTelemetry", "--skipApiVersionCheck", "--silent"];
    const child = spawn(process.execPath, args, { cwd: location, stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) {
            process.kill(child.pid!, "SIGTERM");
            await withDeadline(exited, 10_000, "Azurite's exit").catch(() => process.kill(child.pid!, "SIGKILL"));
        }
        fs.rmSync(location, { recursive: true, force: true });
    };
    try {
        const endpoint = await withDeadline(listeningAddress(child), 30_000, "Azurite's start");
        const service = new BlobServiceClient(`${endpoint}/${AZURITE_ACCOUNT}`, new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY));
        const containerClient = service.getContainerClient(container);
        await containerClient.create();
        const { host } = new URL(endpoint);
        return {
            endpoint,
            container,
            backendEnv: {
                PULUMI_BACKEND_URL: `azblob://${container}?domain=${host}&protocol=http&localemu=true`,
                AZURE_STORAGE_ACCOUNT: AZURITE_ACCOUNT,
                AZURE_STORAGE_KEY: AZURITE_KEY,
            },
            async blobBytes(name) {
                for await (const item of containerClient.listBlobsFlat({ prefix: name })) {
                    if (item.name === name && item.properties.contentLength !== undefined) {
                        return item.properties.contentLength;
                    }
                }
                const names: string[] = [];
                for await (const item of containerClient.listBlobsFlat()) {
                    names.push(item.name);
                }
                throw new Error(`bench: no blob ${name} in ${container}; it holds ${names.join(", ")}`);
            },
            stop,
        };
    } catch (error) {
        await stop();
        throw error;
    }
}

/** Resolves with `http://127.0.0.1:<port>` once Azurite says it listens; rejects if it exits first. */
function listeningAddress(child: ChildProcess): Promise<string> {
    return new Promise((resolve, reject) => {
        let output = "";
        const onData = (chunk: Buffer) => {
            output += chunk.toString();
            const match = /successfully listens on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
            if (match) {
                child.stdout!.off("data", onData);
                child.stdout!.resume(); // keep draining, so a full pipe never blocks Azurite
                resolve(match[1]);
            }
        };
        child.stdout!.on("data", onData);
        child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.once("exit", (code, signal) => reject(new Error(`Azurite exited (${code ?? signal}) before listening:\n${output}`)));
        child.once("error", reject);
    });
}
