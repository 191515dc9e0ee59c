import type * as http from "node:http";
import type * as https from "node:https";
import type { AddressInfo, Socket } from "node:net";

/**
 * A server listening on 127.0.0.1 that keeps track of its connections, so that `close` ends all of
 * them (keep-alive sockets and requests the emulator deliberately never answers included) and
 * callers can see how many sockets a client used at once.
 */
export class LoopbackServer {
    private readonly sockets = new Set<Socket>();
    private peak = 0;
    private listening = false;

    constructor(private readonly server: http.Server | https.Server) {
        server.on("connection", (socket: Socket) => {
            this.sockets.add(socket);
            this.peak = Math.max(this.peak, this.sockets.size);
            socket.on("close", () => this.sockets.delete(socket));
        });
    }

    /** Listens on 127.0.0.1 (`port` 0 picks a free one); resolves to the port. Rejects when it cannot bind (e.g. `EADDRINUSE`). */
    async listen(port: number): Promise<number> {
        await new Promise<void>((resolve, reject) => {
            this.server.once("error", reject);
            this.server.listen(port, "127.0.0.1", () => {
                this.server.off("error", reject);
                resolve();
            });
        });
        this.listening = true;
        return (this.server.address() as AddressInfo).port;
    }

    /** Connections open now. */
    get openConnections(): number {
        return this.sockets.size;
    }

    /** The most connections open at once since listening or the last {@link resetPeak}. */
    get peakConnections(): number {
        return this.peak;
    }

    /** Starts a new measure of {@link peakConnections} from the connections open now. */
    resetPeak(): void {
        this.peak = this.sockets.size;
    }

    /** Stops listening and ends every open connection; resolves once the server is closed. */
    async close(): Promise<void> {
        if (!this.listening) {
            return;
        }
        this.listening = false;
        const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
        this.sockets.forEach((s) => s.destroy());
        await closed;
    }
}
