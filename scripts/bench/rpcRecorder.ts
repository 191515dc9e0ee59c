import { performance } from "node:perf_hooks";
import type { ProviderHost } from "../../engine/providerHost";

/** One gRPC call to the provider host as the engine side saw it. */
export interface RpcCall {
    method: RpcMethod;
    startMs: number;
    endMs: number;
}

const METHODS = ["check", "diff", "create", "read", "update", "delete"] as const;
export type RpcMethod = (typeof METHODS)[number];

/**
 * Times every resource RPC the engine sends to a provider host, by wrapping the host's methods
 * on the instance: what the host takes per diff is measured around the gRPC call, as the engine
 * experiences it.
 */
export class RpcRecorder {
    readonly calls: RpcCall[] = [];

    private constructor() {}

    static attach(host: ProviderHost): RpcRecorder {
        const recorder = new RpcRecorder();
        const methods = host as unknown as Record<RpcMethod, (...args: unknown[]) => Promise<unknown>>;
        for (const method of METHODS) {
            const original = methods[method].bind(host);
            methods[method] = async (...args: unknown[]) => {
                const startMs = performance.now();
                try {
                    return await original(...args);
                } finally {
                    recorder.calls.push({ method, startMs, endMs: performance.now() });
                }
            };
        }
        return recorder;
    }

    /** The calls of one method. */
    of(method: RpcMethod): RpcCall[] {
        return this.calls.filter((c) => c.method === method);
    }

    clear(): void {
        this.calls.length = 0;
    }
}
