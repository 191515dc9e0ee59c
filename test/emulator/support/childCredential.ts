import { execFile } from "node:child_process";
import * as path from "node:path";

/** The repository root, where `@azure/identity` resolves from. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

/** Graph's token scope, as the provider asks for it. */
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

export interface ChildCredentialOptions {
    kind: "secret" | "certificate";
    authorityUrl: string;
    tenantId: string;
    clientId: string;
    clientSecret?: string;
    /** PEM with certificate and private key, for ClientCertificateCredential. */
    certificatePath?: string;
    /** The authority's certificate, for NODE_EXTRA_CA_CERTS; omitted: the child does not trust it. */
    caCertPath?: string;
}

export interface ChildCredentialResult {
    token?: string;
    expiresOnTimestamp?: number;
    error?: string;
    errorName?: string;
}

// Runs in a fresh node: NODE_EXTRA_CA_CERTS is only read when a process starts.
const CHILD = `
const identity = require("@azure/identity");
const o = JSON.parse(process.env.EMULATOR_TEST_CREDENTIAL);
const common = { authorityHost: o.authorityUrl, disableInstanceDiscovery: true };
const credential = o.kind === "secret"
  ? new identity.ClientSecretCredential(o.tenantId, o.clientId, o.clientSecret, common)
  : new identity.ClientCertificateCredential(o.tenantId, o.clientId, { certificatePath: o.certificatePath }, common);
credential.getToken(${JSON.stringify(GRAPH_SCOPE)}).then(
  (t) => process.stdout.write(JSON.stringify({ token: t.token, expiresOnTimestamp: t.expiresOnTimestamp })),
  (e) => process.stdout.write(JSON.stringify({ error: String(e && e.message), errorName: e && e.name })),
);
`;

/**
 * Runs the real @azure/identity credential in a child node process against the fake authority,
 * with NODE_EXTRA_CA_CERTS set as a user would, and returns the token or the error message. The
 * child is killed after 60 s.
 */
export function requestTokenInChild(options: ChildCredentialOptions): Promise<ChildCredentialResult> {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, EMULATOR_TEST_CREDENTIAL: JSON.stringify(options) };
    if (options.caCertPath) {
        env.NODE_EXTRA_CA_CERTS = options.caCertPath;
    }
    return new Promise((resolve, reject) => {
        execFile(process.execPath, ["-e", CHILD], { cwd: REPO_ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
            if (error && !stdout) {
                reject(new Error(`the credential child failed: ${error.message}\n${stderr}`));
                return;
            }
            try {
                resolve(JSON.parse(stdout) as ChildCredentialResult);
            } catch {
                reject(new Error(`the credential child printed no JSON: ${stdout}\n${stderr}`));
            }
        });
    });
}
