import { randomBytes, randomUUID } from "node:crypto";
import type { AuthorityOptions, CliOptions } from "./cliArgs";
import { FakeAuthority, LocalTls, createLocalTls, removeLocalTls } from "./fakeAuthority";
import { GraphEmulator } from "./graphEmulator";
import { guidFrom, seededRandom } from "./random";
import { TokenRegistry } from "./tokenRegistry";
import { EMULATOR_MANUAL } from "./manual";

/** Recorded requests a long-running emulator keeps (the oldest are dropped). */
export const MAX_RECORDED_REQUESTS = 10_000;

/** Everything a user or script needs to point Pulumi at a running emulator; the `--json` line. */
export interface LocalGraphInfo {
    /** Graph root for `intune:graphEndpoint` (no version, no trailing slash). */
    url: string;
    /** Base of the admin API. */
    adminUrl: string;
    /** The bearer token for `intune:accessToken`. */
    token: string;
    /** Seed of the random faults and random app ids. */
    seed: number;
    apps: Array<{ id: string; displayName: string; summaryRetired: boolean }>;
    /** The fake authority's URL for `intune:authorityHost`, or null without `--authority`. */
    authorityUrl: string | null;
    /** The self-signed certificate for `NODE_EXTRA_CA_CERTS`, or null. */
    certPath: string | null;
    tenantId: string | null;
    clientId: string | null;
    clientSecret: string | null;
    tokenLifetimeSeconds: number | null;
    /** The emulator's process id (stop it with SIGINT or SIGTERM). */
    pid: number;
}

/** A running emulator (and authority) started from command-line options. */
export interface LocalGraph {
    info: LocalGraphInfo;
    emulator: GraphEmulator;
    authority?: FakeAuthority;
    /** Stops both servers, closes open connections and deletes the temporary certificate. */
    stop(): Promise<void>;
}

/** A random secret/token: one word that is safe on a command line. */
function randomWord(prefix: string): string {
    return `${prefix}${randomBytes(18).toString("hex")}`;
}

/**
 * Starts the Graph emulator (and the fake authority when asked) as the command line says. On
 * failure (a port in use), whatever was started is stopped again before the error is thrown.
 */
export async function startLocalGraph(options: CliOptions): Promise<LocalGraph> {
    const seed = options.seed ?? randomBytes(4).readUInt32BE(0);
    const token = options.token ?? randomWord("emu-token-");
    const registry = new TokenRegistry();
    const emulator = new GraphEmulator({
        tokens: [token],
        registry,
        behaviour: options.behaviour,
        seed,
        port: options.port,
        maxRecordedRequests: MAX_RECORDED_REQUESTS,
    });
    for (const app of options.apps) {
        emulator.seedApp(app);
    }
    // A stream of its own, so the ids do not depend on the fault knobs.
    const idRandom = seededRandom(seed ^ 0x5bd1e995);
    for (let i = 1; i <= options.randomApps; i++) {
        let id = guidFrom(idRandom);
        while (emulator.apps.has(id)) {
            id = guidFrom(idRandom);
        }
        emulator.addApp(id, {}, `Emulated app ${i}`);
    }

    let authority: FakeAuthority | undefined;
    let tls: LocalTls | undefined;
    let settings: Required<Omit<AuthorityOptions, "clientCertificatePem" | "port">> | undefined;
    const stop = async (): Promise<void> => {
        await Promise.all([emulator.stop(), authority?.stop()]);
        if (tls) {
            removeLocalTls(tls);
        }
    };
    try {
        const url = await emulator.start();
        let authorityUrl: string | null = null;
        if (options.authority) {
            settings = {
                tenantId: options.authority.tenantId ?? randomUUID(),
                clientId: options.authority.clientId ?? randomUUID(),
                clientSecret: options.authority.clientSecret ?? randomWord("emu-secret-"),
                tokenLifetimeSeconds: options.authority.tokenLifetimeSeconds,
            };
            authority = new FakeAuthority({
                registry,
                tokenLifetimeSeconds: settings.tokenLifetimeSeconds,
                clients: [
                    {
                        tenantId: settings.tenantId,
                        clientId: settings.clientId,
                        secret: settings.clientSecret,
                        certificatePem: options.authority.clientCertificatePem,
                    },
                ],
            });
            tls = await createLocalTls();
            authorityUrl = await authority.start(tls, options.authority.port);
        }
        const info: LocalGraphInfo = {
            url,
            adminUrl: `${url}/_emulator`,
            token,
            seed,
            apps: [...emulator.apps.values()].map((a) => ({ id: a.id, displayName: a.displayName, summaryRetired: !!a.summaryRetired })),
            authorityUrl,
            certPath: tls?.certPath ?? null,
            tenantId: settings?.tenantId ?? null,
            clientId: settings?.clientId ?? null,
            clientSecret: settings?.clientSecret ?? null,
            tokenLifetimeSeconds: settings?.tokenLifetimeSeconds ?? null,
            pid: process.pid,
        };
        return { info, emulator, authority, stop };
    } catch (error) {
        await stop();
        throw error;
    }
}

/** The text banner: where it listens, the token, and the exact commands for a stack and for CI. */
export function banner(info: LocalGraphInfo, options: Pick<CliOptions, "behaviour" | "randomApps" | "authority">): string {
    const lines: string[] = [];
    lines.push(`Intune Graph emulator listening on ${info.url}`);
    lines.push(`  Graph routes:  GET|PATCH ${info.url}/beta/deviceAppManagement/mobileApps/{id}/installSummary (also /v1.0)`);
    lines.push(`  Bearer token:  ${info.token}`);
    lines.push(`  Admin API:     ${info.adminUrl}/state (no token; the manual: ${EMULATOR_MANUAL})`);
    const knobs = Object.entries(options.behaviour).map(([k, v]) => `${k}=${v}`);
    if (knobs.length) {
        lines.push(`  Behaviour:     ${knobs.join(", ")}`);
    }
    if (options.behaviour.serverErrorRate || options.behaviour.resetRate || options.randomApps) {
        lines.push(`  Seed:          ${info.seed} (repeat this run with --seed ${info.seed})`);
    }
    if (info.apps.length) {
        lines.push(`  Apps (${info.apps.length}):`);
        for (const app of info.apps) {
            lines.push(`    ${app.id}  ${app.displayName}${app.summaryRetired ? "  (installSummary retired: 404)" : ""}`);
        }
    } else {
        lines.push("  Apps:          none yet; every app answers 404. Seed some with --app <guid>, --random-apps <n>, --apps <file.json>,");
        lines.push(`                 or while it runs: curl -X PUT ${info.adminUrl}/apps/<guid> -d '{}'`);
    }
    lines.push("");
    lines.push("Point a Pulumi stack at it:");
    lines.push(`  pulumi config set intune:graphEndpoint ${info.url}`);
    lines.push(`  pulumi config set --secret intune:accessToken ${info.token}`);
    lines.push("or, for CI, set these environment variables:");
    lines.push(`  export INTUNE_GRAPH_ENDPOINT=${info.url}`);
    lines.push(`  export INTUNE_ACCESS_TOKEN=${info.token}`);
    if (info.authorityUrl) {
        lines.push("");
        lines.push(`Fake sign-in authority listening on ${info.authorityUrl}`);
        lines.push(`  Certificate:   ${info.certPath} (self-signed for 127.0.0.1; deleted when the emulator stops)`);
        lines.push(`  Tenant:        ${info.tenantId}`);
        lines.push(`  Client:        ${info.clientId}`);
        lines.push(`  Client secret: ${info.clientSecret}`);
        lines.push(`  Token lifetime: ${info.tokenLifetimeSeconds} s`);
        lines.push("To sign in through it with ClientSecretCredential instead of the fixed token:");
        lines.push(`  pulumi config set intune:graphEndpoint ${info.url}`);
        lines.push(`  pulumi config set intune:authorityHost ${info.authorityUrl}`);
        lines.push(`  pulumi config set intune:tenantId ${info.tenantId}`);
        lines.push(`  pulumi config set intune:clientId ${info.clientId}`);
        lines.push(`  pulumi config set --secret intune:clientSecret ${info.clientSecret}`);
        lines.push("  pulumi config rm intune:accessToken    # a token, if set, wins over the client secret");
        if (options.authority?.clientCertificatePem) {
            lines.push(
                "  (ClientCertificateCredential: instead of intune:clientSecret, set intune:clientCertificatePath to your PEM with certificate and key)",
            );
        }
        lines.push("or, for CI:");
        lines.push(`  export INTUNE_GRAPH_ENDPOINT=${info.url}`);
        lines.push(`  export AZURE_AUTHORITY_HOST=${info.authorityUrl}`);
        lines.push(`  export AZURE_TENANT_ID=${info.tenantId}`);
        lines.push(`  export AZURE_CLIENT_ID=${info.clientId}`);
        lines.push(`  export AZURE_CLIENT_SECRET=${info.clientSecret}`);
        lines.push("The Pulumi process must trust the certificate; Node reads this only at start:");
        lines.push(`  export NODE_EXTRA_CA_CERTS=${info.certPath}`);
        lines.push("  pulumi up");
    }
    lines.push("");
    lines.push("Ctrl+C (SIGINT) or SIGTERM stops it.");
    return lines.join("\n");
}
