import * as path from "node:path";
import type { GraphEmulator } from "../../emulator/graphEmulator";
import { LocalStack } from "../../engine/localStack";
import { Registration, runProgram } from "../../engine/runProgram";
import { REPO_ROOT, UPDATED_COUNTER, appId } from "./apps";
import { BENCH_TOKEN } from "./benchEnv";

/** The peer's program: a dynamic provider on the Graph JS client (`programs/peer/index.ts`). */
export const PEER_DIR = path.join(REPO_ROOT, "scripts", "bench", "programs", "peer");

/** The peer's registrations for apps `from` … `from + n − 1`, as its program sends them. */
export async function peerRegistrations(from: number, n: number): Promise<Registration[]> {
    const apps = Array.from({ length: n }, (_, i) => ({ mobileAppId: appId(from + i), [UPDATED_COUNTER]: 1 }));
    return runProgram(PEER_DIR, { "bench-peer:apps": JSON.stringify(apps) });
}

/** A provider host for the peer's program, configured for `emulator` (which must hold the apps). */
export async function startPeerStack(emulator: GraphEmulator, parallel: number | undefined): Promise<LocalStack> {
    return LocalStack.start({
        programDir: PEER_DIR,
        config: { "bench-peer:graphEndpoint": await emulator.start() },
        secretConfig: { "bench-peer:accessToken": BENCH_TOKEN },
        parallel,
    });
}
