import { X509Certificate, constants, randomUUID, verify } from "node:crypto";
import * as fs from "node:fs";
import * as https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { LoopbackServer } from "./loopbackServer";
import { readBody } from "./readBody";
import { TokenRegistry } from "./tokenRegistry";

/** An app registration the fake authority knows: a secret, a certificate, federated tokens, or several. */
export interface RegisteredClient {
    /** The tenant (GUID or domain) in the authority's paths. */
    tenantId: string;
    /** The application (client) id. */
    clientId: string;
    /** The client secret it accepts. */
    secret?: string;
    /** PEM certificate whose private key signs the client assertions. */
    certificatePem?: string;
    /**
     * Federated tokens (workload identity federation) accepted as `client_assertion` with
     * `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer`, compared as
     * exact strings: what a federated credential matching their issuer, subject and audience
     * accepts in Entra. Any other assertion from this client is refused with AADSTS700213
     * (unless it is signed by `certificatePem`).
     */
    federatedTokens?: string[];
}

/** One token request as the authority saw it. */
export interface TokenRequestRecord {
    tenantId: string;
    clientId: string;
    /** How the client authenticated: a secret, a certificate-signed assertion, a federated token, or nothing. */
    method: "secret" | "certificate" | "federated" | "none";
    /** The scope asked for, e.g. `https://graph.microsoft.com/.default`. */
    scope: string;
    /** The AADSTS code of a refusal, or undefined when a token was issued. */
    refusedWith?: string;
    atMs: number;
}

/** The clients a {@link FakeAuthority} knows and where its tokens go. */
export interface FakeAuthorityOptions {
    /** Issued tokens go here; give the same registry to the Graph emulator that must accept them. */
    registry: TokenRegistry;
    /** The app registrations it knows; any other tenant or client is refused (AADSTS90002, AADSTS700016). */
    clients: RegisteredClient[];
    /** Lifetime of issued tokens. Default 3600 s. */
    tokenLifetimeSeconds?: number;
}

/** A self-signed TLS certificate for 127.0.0.1, and a file holding it for `NODE_EXTRA_CA_CERTS`. */
export interface LocalTls {
    /** The certificate, PEM. */
    cert: string;
    /** Its private key, PEM. */
    key: string;
    /** A file holding `cert`, for `NODE_EXTRA_CA_CERTS`. */
    certPath: string;
}

/** Creates a self-signed certificate for 127.0.0.1 (and localhost) in a new temporary folder. */
export async function createLocalTls(): Promise<LocalTls> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const selfsigned = require("selfsigned") as typeof import("selfsigned");
    const pems = await selfsigned.generate([{ name: "commonName", value: "127.0.0.1" }], {
        algorithm: "sha256",
        keySize: 2048,
        extensions: [
            { name: "basicConstraints", cA: true },
            {
                name: "subjectAltName",
                altNames: [
                    { type: 7, ip: "127.0.0.1" },
                    { type: 2, value: "localhost" },
                ],
            },
        ],
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), TLS_DIR_PREFIX));
    const certPath = path.join(dir, "cert.pem");
    fs.writeFileSync(certPath, pems.cert);
    return { cert: pems.cert, key: pems.private, certPath };
}

const TLS_DIR_PREFIX = "intune-emulator-tls-";

/** Deletes the temporary folder `createLocalTls` made for `tls.certPath` (and nothing else: other paths are left alone). */
export function removeLocalTls(tls: LocalTls): void {
    const dir = path.dirname(tls.certPath);
    if (path.basename(dir).startsWith(TLS_DIR_PREFIX) && path.dirname(dir) === path.resolve(os.tmpdir())) {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * A stand-in for the Microsoft Entra sign-in endpoints that @azure/identity's client-secret,
 * client-certificate and client-assertion (federated token) credentials use: OpenID discovery and the v2.0 token endpoint with the
 * client-credentials grant, over HTTPS on 127.0.0.1. It issues opaque tokens into the shared
 * {@link TokenRegistry}, which the Graph emulator accepts, and refuses wrong credentials with
 * Entra's error shape and AADSTS codes.
 *
 * Clients reach it with `authorityHost` = its URL, `disableInstanceDiscovery`, and
 * `NODE_EXTRA_CA_CERTS` = `tls.certPath` set when their process starts.
 */
export class FakeAuthority {
    /** Every token request, oldest first, refused ones included. */
    readonly tokenRequests: TokenRequestRecord[] = [];
    private server: LoopbackServer | undefined;
    private base = "";

    /** @throws Error when `tokenLifetimeSeconds` is not a positive whole number of seconds. */
    constructor(private readonly options: FakeAuthorityOptions) {
        const lifetime = options.tokenLifetimeSeconds;
        if (lifetime !== undefined && !(Number.isInteger(lifetime) && lifetime > 0)) {
            throw new Error(`tokenLifetimeSeconds: ${lifetime} is not allowed; use a whole number of seconds, 1 or more.`);
        }
    }

    /**
     * Starts on 127.0.0.1 with the given certificate; resolves to the authority URL. Rejects when
     * the port cannot be bound. Calling it again while running returns the same URL.
     */
    async start(tls: LocalTls, port = 0): Promise<string> {
        if (this.server) {
            return this.base;
        }
        const server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
            this.handle(req, res).catch((error: unknown) => {
                if (res.headersSent) {
                    res.destroy();
                    return;
                }
                res.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
                res.end(
                    JSON.stringify({
                        error: "server_error",
                        error_description: `The fake authority failed: ${error instanceof Error ? error.message : String(error)}`,
                    }),
                );
            });
        });
        const loopback = new LoopbackServer(server);
        const boundPort = await loopback.listen(port);
        this.server = loopback;
        this.base = `https://127.0.0.1:${boundPort}`;
        return this.base;
    }

    /** The authority URL (`https://127.0.0.1:<port>`), empty before {@link start}. */
    get url(): string {
        return this.base;
    }

    /** Stops listening and closes open connections; does nothing when not running. */
    async stop(): Promise<void> {
        const server = this.server;
        this.server = undefined;
        await server?.close();
    }

    /** Tokens issued so far. */
    get issuedCount(): number {
        return this.tokenRequests.filter((r) => !r.refusedWith).length;
    }

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const url = new URL(req.url ?? "/", this.base);
        const json = (status: number, payload: unknown): void => {
            res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
            res.end(JSON.stringify(payload));
        };
        const discovery = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
        if (discovery && req.method === "GET") {
            const tenant = discovery[1];
            const root = `${this.base}/${tenant}`;
            return json(200, {
                issuer: `${root}/v2.0`,
                authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
                token_endpoint: `${root}/oauth2/v2.0/token`,
                device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
                end_session_endpoint: `${root}/oauth2/v2.0/logout`,
                jwks_uri: `${root}/discovery/v2.0/keys`,
                response_modes_supported: ["query", "fragment", "form_post"],
                token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
                tenant_region_scope: null,
                cloud_instance_name: "emulator.local",
            });
        }
        const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
        if (token && req.method === "POST") {
            const form = new URLSearchParams(await readBody(req));
            return this.token(token[1], form, json);
        }
        return json(404, { error: "not_found", error_description: `The fake authority does not serve ${req.method} ${url.pathname}.` });
    }

    private token(tenantId: string, form: URLSearchParams, json: (status: number, payload: unknown) => void): void {
        const clientId = form.get("client_id") ?? "";
        const scope = form.get("scope") ?? "";
        const secret = form.get("client_secret");
        const assertion = form.get("client_assertion");
        const federated = this.options.clients.find((c) => c.tenantId === tenantId && c.clientId === clientId)?.federatedTokens;
        const assertionMethod = federated && assertion !== null && federated.includes(assertion) ? "federated" : "certificate";
        const record: TokenRequestRecord = { tenantId, clientId, method: secret ? "secret" : assertion ? assertionMethod : "none", scope, atMs: Date.now() };
        this.tokenRequests.push(record);
        const refuse = (status: number, error: string, code: number, text: string): void => {
            record.refusedWith = `AADSTS${code}`;
            const traceId = randomUUID();
            const correlationId = randomUUID();
            json(status, {
                error,
                error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${new Date().toISOString()}`,
                error_codes: [code],
                timestamp: new Date().toISOString(),
                trace_id: traceId,
                correlation_id: correlationId,
                error_uri: `${this.base}/error?code=${code}`,
            });
        };
        const tenantClients = this.options.clients.filter((c) => c.tenantId === tenantId);
        if (tenantClients.length === 0) {
            return refuse(
                400,
                "invalid_request",
                90002,
                `Tenant '${tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
            );
        }
        const client = tenantClients.find((c) => c.clientId === clientId);
        if (!client) {
            return refuse(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${tenantId}'.`);
        }
        if (form.get("grant_type") !== "client_credentials") {
            return refuse(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
        }
        if (!scope.endsWith("/.default")) {
            return refuse(
                400,
                "invalid_scope",
                1002012,
                `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`,
            );
        }
        if (secret !== null) {
            if (client.secret === undefined || secret !== client.secret) {
                return refuse(
                    401,
                    "invalid_client",
                    7000215,
                    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
                );
            }
        } else if (assertion !== null) {
            if (form.get("client_assertion_type") !== JWT_BEARER) {
                return refuse(
                    400,
                    "invalid_request",
                    90014,
                    "The required field 'client_assertion_type' is missing from the credential or is not urn:ietf:params:oauth:client-assertion-type:jwt-bearer.",
                );
            }
            const signedByCertificate =
                record.method === "certificate" && !!client.certificatePem && assertionIsValid(assertion, client.certificatePem, clientId);
            // A federated token of this client (record.method "federated") is accepted as it is.
            if (record.method === "certificate" && client.federatedTokens && !signedByCertificate) {
                return refuse(
                    401,
                    "invalid_client",
                    700213,
                    `No matching federated identity record found for presented assertion subject '${claim(assertion, "sub") ?? ""}'. ` +
                        "Check your federated identity credential Subject, Audience and Issuer against the presented assertion.",
                );
            } else if (record.method === "certificate" && !signedByCertificate) {
                return refuse(401, "invalid_client", 700027, "Client assertion failed signature validation.");
            }
        } else {
            return refuse(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        }
        const lifetime = this.options.tokenLifetimeSeconds ?? 3600;
        json(200, { token_type: "Bearer", expires_in: lifetime, ext_expires_in: lifetime, access_token: this.options.registry.issue(lifetime) });
    }
}

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** A string claim of a JWT's payload, read without checking anything; undefined when absent or not a JWT. */
function claim(jwt: string, name: string): string | undefined {
    try {
        const payload = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
        return typeof payload[name] === "string" ? payload[name] : undefined;
    } catch {
        return undefined;
    }
}

/** Checks a client assertion JWT: signed by the registered certificate's key, issued by and for the client. */
function assertionIsValid(assertion: string, certificatePem: string, clientId: string): boolean {
    const [headerPart, payloadPart, signaturePart] = assertion.split(".");
    if (!headerPart || !payloadPart || !signaturePart) {
        return false;
    }
    try {
        const header = JSON.parse(Buffer.from(headerPart, "base64url").toString("utf8")) as { alg?: string };
        const payload = JSON.parse(Buffer.from(payloadPart, "base64url").toString("utf8")) as { iss?: string; sub?: string; exp?: number };
        if (payload.iss !== clientId || payload.sub !== clientId || (payload.exp ?? 0) * 1000 < Date.now()) {
            return false;
        }
        const key = new X509Certificate(certificatePem).publicKey;
        const data = Buffer.from(`${headerPart}.${payloadPart}`);
        const signature = Buffer.from(signaturePart, "base64url");
        if (header.alg === "PS256") {
            return verify("sha256", data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
        }
        return header.alg === "RS256" && verify("sha256", data, key, signature);
    } catch {
        return false;
    }
}
