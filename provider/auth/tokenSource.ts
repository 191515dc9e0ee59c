import type { AccessToken, TokenCredential } from "@azure/identity";

/** Where the Graph client gets its bearer token. */
export interface TokenSource {
    /** A token valid for at least a little while; concurrent callers share one sign-in. */
    getToken(): Promise<string>;
    /**
     * Graph rejected `token` (401). Returns true when a renewed token may differ, so one retry is
     * worth it; false when the source cannot renew (a fixed token).
     */
    invalidate(token: string): boolean;
}

/** A ready bearer token from `intune:accessToken`: nothing to renew. */
export class StaticTokenSource implements TokenSource {
    constructor(private readonly token: string) {}

    getToken(): Promise<string> {
        return Promise.resolve(this.token);
    }

    invalidate(): boolean {
        return false;
    }
}

/** Renew a token this long before it expires (as @azure/identity does), or at half its life if shorter. */
const RENEW_BEFORE_EXPIRY_MS = 300_000;

/**
 * Tokens from an @azure/identity credential, for the whole provider host process: one credential
 * instance (its in-memory cache stays warm), one token request in flight at a time however many
 * operations ask at once (single flight), and a token reused until shortly before it expires.
 *
 * `createCredential` is called lazily, so `@azure/identity` is loaded only when a token is needed;
 * it is called again after a 401 so the renewal cannot be served from the rejected token's cache.
 */
export class CredentialTokenSource implements TokenSource {
    private credential: TokenCredential | undefined;
    private cached: { token: string; renewAtMs: number } | undefined;
    private inFlight: Promise<string> | undefined;
    /** Number of token requests made to the credential; for tests and the bench. */
    requests = 0;

    constructor(
        private readonly createCredential: () => TokenCredential,
        private readonly scope: string,
        private readonly describeFailure: (error: unknown) => Error,
        /** Sees each token issued, before anyone uses it (for redaction). */
        private readonly onIssued: (token: string) => void = () => undefined,
    ) {}

    getToken(): Promise<string> {
        if (this.cached && Date.now() < this.cached.renewAtMs) {
            return Promise.resolve(this.cached.token);
        }
        this.inFlight ??= this.fetchToken().finally(() => {
            this.inFlight = undefined;
        });
        return this.inFlight;
    }

    invalidate(token: string): boolean {
        if (this.cached?.token === token) {
            this.cached = undefined;
            this.credential = undefined;
        }
        return true;
    }

    private async fetchToken(): Promise<string> {
        this.credential ??= this.createCredential();
        this.requests++;
        let result: AccessToken | null;
        try {
            result = await this.credential.getToken(this.scope);
        } catch (error) {
            throw this.describeFailure(error);
        }
        if (!result?.token) {
            throw this.describeFailure(new Error("the credential returned no token"));
        }
        const lifetimeMs = result.expiresOnTimestamp - Date.now();
        const renewAtMs = result.expiresOnTimestamp - Math.min(RENEW_BEFORE_EXPIRY_MS, lifetimeMs / 2);
        this.onIssued(result.token);
        this.cached = { token: result.token, renewAtMs };
        return result.token;
    }
}
