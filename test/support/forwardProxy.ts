/**
 * A tiny forward proxy on 127.0.0.1 for tests, on node:http: it forwards requests with an absolute
 * URI (how clients send http requests through a proxy) and opens `CONNECT` tunnels (how they send
 * https requests), asks for `Proxy-Authorization: Basic` when given credentials (407 otherwise),
 * and records what it forwarded, tunnelled and refused. And a TLS relay: an https server on
 * 127.0.0.1 passing each request on to an http server (the Graph emulator), so that https targets
 * can be tested through a tunnel.
 */
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";

export interface ForwardProxyOptions {
    /** Asked for in `Proxy-Authorization: Basic`; without it, nothing is asked. */
    credentials?: { username: string; password: string };
}

export class ForwardProxy {
    /** Requests with an absolute URI it forwarded, oldest first. */
    readonly forwarded: Array<{ method: string; url: string }> = [];
    /** `CONNECT` tunnels it opened (`host:port`). */
    readonly tunnels: string[] = [];
    /** Requests and tunnels it refused with 407 (`METHOD target`). */
    readonly refused: string[] = [];
    /** Every `Proxy-Authorization` header it received (undefined: none). */
    readonly authorizations: Array<string | undefined> = [];
    /** Client connections it accepted (since the last {@link clear}). */
    connections = 0;
    /** The most client connections open at once (of those accepted since the last {@link clear}). */
    peakConnections = 0;
    private open = 0;
    private generation = 0;
    private readonly sockets = new Set<net.Socket>();
    private readonly server = http.createServer();
    private readonly upstreamAgent = new http.Agent({ keepAlive: true });

    constructor(private readonly options: ForwardProxyOptions = {}) {
        this.server.on("connection", (socket: net.Socket) => {
            this.track(socket);
            const generation = this.generation;
            this.connections++;
            this.open++;
            this.peakConnections = Math.max(this.peakConnections, this.open);
            socket.on("close", () => {
                if (generation === this.generation) {
                    this.open--;
                }
            });
        });
        this.server.on("request", (req, res) => this.forward(req, res));
        this.server.on("connect", (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => this.tunnel(req, socket, head));
    }

    /** Listens on 127.0.0.1 with a free port; resolves to the proxy's URL (without credentials). */
    async start(): Promise<string> {
        await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
        return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
    }

    /** Forgets what it recorded. */
    clear(): void {
        this.forwarded.length = 0;
        this.tunnels.length = 0;
        this.refused.length = 0;
        this.authorizations.length = 0;
        this.connections = 0;
        this.peakConnections = 0;
        this.open = 0;
        this.generation++;
    }

    async stop(): Promise<void> {
        const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
        this.sockets.forEach((s) => s.destroy());
        this.upstreamAgent.destroy();
        await closed;
    }

    private track(socket: net.Socket): void {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
    }

    private authorized(req: http.IncomingMessage): boolean {
        const given = req.headers["proxy-authorization"];
        this.authorizations.push(given);
        const { credentials } = this.options;
        return !credentials || given === `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
    }

    private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
        if (!req.url?.startsWith("http://")) {
            res.writeHead(400, { "Content-Type": "text/plain" }).end("not a proxy request: the URI is not absolute");
            return;
        }
        if (!this.authorized(req)) {
            this.refused.push(`${req.method} ${req.url}`);
            req.resume();
            res.writeHead(407, { "Proxy-Authenticate": 'Basic realm="test proxy"', "Content-Type": "text/plain" }).end("Proxy Authentication Required");
            return;
        }
        this.forwarded.push({ method: req.method ?? "", url: req.url });
        const target = new URL(req.url);
        const headers = { ...req.headers };
        delete headers["proxy-authorization"];
        delete headers["proxy-connection"];
        const upstream = http.request(
            { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers, agent: this.upstreamAgent },
            (answer) => {
                res.writeHead(answer.statusCode ?? 502, answer.headers);
                answer.pipe(res);
            },
        );
        upstream.on("error", () => res.destroy());
        req.pipe(upstream);
    }

    private tunnel(req: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
        this.track(socket);
        if (!this.authorized(req)) {
            this.refused.push(`CONNECT ${req.url}`);
            const body = "Proxy Authentication Required";
            socket.end(
                `HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test proxy"\r\n` +
                    `Content-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
            );
            return;
        }
        this.tunnels.push(req.url ?? "");
        const [host, port] = (req.url ?? "").split(/:(?=\d+$)/);
        const upstream = net.connect(Number(port), host, () => {
            socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
            upstream.write(head);
            upstream.pipe(socket);
            socket.pipe(upstream);
        });
        this.track(upstream);
        upstream.on("error", () => socket.destroy());
        socket.on("error", () => upstream.destroy());
    }
}

/** An https server on 127.0.0.1 passing every request on to `target` (an http URL, settable until the first request), counting them. */
export class TlsRelay {
    /** Requests it relayed (`METHOD path`). */
    readonly relayed: string[] = [];
    private readonly sockets = new Set<net.Socket>();
    private readonly server: https.Server;
    private readonly agent = new http.Agent({ keepAlive: true });

    constructor(
        public target: string,
        tls: { cert: string; key: string },
    ) {
        this.server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
            this.relayed.push(`${req.method} ${req.url}`);
            const to = new URL(this.target);
            const upstream = http.request(
                { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers, agent: this.agent },
                (answer) => {
                    res.writeHead(answer.statusCode ?? 502, answer.headers);
                    answer.pipe(res);
                },
            );
            upstream.on("error", () => res.destroy());
            req.pipe(upstream);
        });
        this.server.on("connection", (socket: net.Socket) => {
            this.sockets.add(socket);
            socket.on("close", () => this.sockets.delete(socket));
        });
    }

    /** Resolves to its URL, `https://127.0.0.1:<port>`. */
    async start(): Promise<string> {
        await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
        return `https://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
    }

    async stop(): Promise<void> {
        const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
        this.sockets.forEach((s) => s.destroy());
        this.agent.destroy();
        await closed;
    }
}
