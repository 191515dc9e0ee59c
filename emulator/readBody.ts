import type { IncomingMessage } from "node:http";

/**
 * The whole request body as UTF-8 text. Resolves "" when the client aborts or the connection
 * closes before the body ended, so a handler never waits forever on a vanished client.
 */
export function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.on("error", () => resolve(""));
        req.on("close", () => resolve(req.complete ? Buffer.concat(chunks).toString("utf8") : ""));
    });
}
