import { randomBytes } from "node:crypto";

/**
 * Bearer tokens issued by the fake sign-in authority, shared with the Graph emulator that checks
 * them: each is an opaque random string with an expiry.
 */
export class TokenRegistry {
    private readonly expiresAtMs = new Map<string, number>();
    /** Every token issued, in order; tests look for them in places they must not appear. */
    readonly issued: string[] = [];

    /** Issues a token valid for `lifetimeSeconds`. */
    issue(lifetimeSeconds: number): string {
        const token = `emu.${randomBytes(24).toString("base64url")}`;
        this.expiresAtMs.set(token, Date.now() + lifetimeSeconds * 1000);
        this.issued.push(token);
        return token;
    }

    /** Why `token` is not acceptable now, or undefined when it is. */
    problem(token: string): string | undefined {
        if (!token) {
            return "Access token is empty.";
        }
        const expiresAtMs = this.expiresAtMs.get(token);
        if (expiresAtMs === undefined) {
            return "Access token validation failure. Invalid audience or signature.";
        }
        if (Date.now() >= expiresAtMs) {
            return "Lifetime validation failed, the token is expired.";
        }
        return undefined;
    }
}
