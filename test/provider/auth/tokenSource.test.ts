import { strict as assert } from "node:assert";
import FakeTimers from "@sinonjs/fake-timers";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { CredentialTokenSource, StaticTokenSource } from "../../../provider/auth/tokenSource";

const SCOPE = "https://graph.microsoft.com/.default";

/** A credential that answers after `delayMs` with tokens living `lifetimeMs`, or fails. */
class FakeCredential implements TokenCredential {
    calls = 0;
    readonly scopes: Array<string | string[]> = [];
    constructor(
        readonly name: string,
        private readonly lifetimeMs: number,
        private readonly behaviour: "ok" | "fail" | "null" = "ok",
        private readonly delayMs = 50,
    ) {}

    async getToken(scopes: string | string[]): Promise<AccessToken | null> {
        this.calls++;
        this.scopes.push(scopes);
        await new Promise<void>((resolve) => setTimeout(resolve, this.delayMs));
        if (this.behaviour === "fail") {
            throw new Error("AADSTS7000215: Invalid client secret provided.");
        }
        if (this.behaviour === "null") {
            return null;
        }
        return { token: `${this.name}-token-${this.calls}`, expiresOnTimestamp: Date.now() + this.lifetimeMs };
    }
}

function source(lifetimeMs: number, behaviour: "ok" | "fail" | "null" = "ok") {
    const credentials: FakeCredential[] = [];
    const failures: unknown[] = [];
    const issued: string[] = [];
    const tokens = new CredentialTokenSource(
        () => {
            const credential = new FakeCredential(`cred${credentials.length + 1}`, lifetimeMs, behaviour);
            credentials.push(credential);
            return credential;
        },
        SCOPE,
        (error) => {
            failures.push(error);
            return new Error(`sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
        },
        (token) => issued.push(token),
    );
    const calls = () => credentials.reduce((n, c) => n + c.calls, 0);
    return { tokens, credentials, failures, calls, issued };
}

describe("provider/auth/tokenSource CredentialTokenSource", () => {
    let clock: ReturnType<typeof FakeTimers.install>;
    beforeEach(() => {
        clock = FakeTimers.install({ toFake: ["setTimeout", "clearTimeout", "Date"], now: 1_700_000_000_000 });
    });
    afterEach(() => clock.uninstall());

    it("does not create the credential before a token is needed", () => {
        const { credentials } = source(3_600_000);
        assert.equal(credentials.length, 0);
    });

    it("50 concurrent getToken calls make one credential call (single flight)", async () => {
        const { tokens, credentials, calls } = source(3_600_000);
        const all = Promise.all(Array.from({ length: 50 }, () => tokens.getToken()));
        await clock.tickAsync(50);
        const values = await all;
        assert.equal(calls(), 1);
        assert.equal(tokens.requests, 1);
        assert.equal(credentials.length, 1);
        assert.deepEqual(new Set(values), new Set(["cred1-token-1"]));
        assert.deepEqual(credentials[0].scopes, [SCOPE]);
    });

    it("tells onIssued each token once, as it is issued (for redaction)", async () => {
        const { tokens, issued } = source(3_600_000);
        const first = tokens.getToken();
        await clock.tickAsync(50);
        assert.deepEqual(issued, [await first]);
        assert.equal(tokens.invalidate(await first), true);
        const second = tokens.getToken();
        await clock.tickAsync(50);
        await tokens.getToken();
        assert.deepEqual(issued, ["cred1-token-1", await second]);
    });

    it("reuses the cached token", async () => {
        const { tokens, calls } = source(3_600_000);
        const first = tokens.getToken();
        await clock.tickAsync(50);
        assert.equal(await first, "cred1-token-1");
        await clock.tickAsync(60_000);
        assert.equal(await tokens.getToken(), "cred1-token-1");
        assert.equal(calls(), 1);
    });

    const renewals: Array<{ name: string; lifetimeMs: number; renewAfterMs: number }> = [
        { name: "an hour's token is renewed 5 minutes before it expires", lifetimeMs: 3_600_000, renewAfterMs: 3_300_000 },
        { name: "a token expiring soon is renewed at half its life", lifetimeMs: 120_000, renewAfterMs: 60_000 },
    ];
    for (const c of renewals) {
        it(c.name, async () => {
            const { tokens, calls, credentials } = source(c.lifetimeMs);
            const first = tokens.getToken();
            await clock.tickAsync(50); // token issued at +50 ms
            assert.equal(await first, "cred1-token-1");
            await clock.tickAsync(c.renewAfterMs - 1);
            assert.equal(await tokens.getToken(), "cred1-token-1", "renewed too early");
            await clock.tickAsync(1);
            const renewed = tokens.getToken();
            await clock.tickAsync(50);
            assert.equal(await renewed, "cred1-token-2");
            assert.equal(calls(), 2);
            assert.equal(credentials.length, 1, "renewal must reuse the credential instance");
        });
    }

    it("invalidate of the current token forces a new credential instance and a new token", async () => {
        const { tokens, credentials } = source(3_600_000);
        const first = tokens.getToken();
        await clock.tickAsync(50);
        const token = await first;
        assert.equal(tokens.invalidate(token), true);
        const second = tokens.getToken();
        await clock.tickAsync(50);
        assert.equal(await second, "cred2-token-1");
        assert.equal(credentials.length, 2);
        assert.deepEqual(
            credentials.map((c) => c.calls),
            [1, 1],
        );
    });

    it("invalidate of an older token keeps the current one", async () => {
        const { tokens, credentials } = source(3_600_000);
        const first = tokens.getToken();
        await clock.tickAsync(50);
        const current = await first;
        assert.equal(tokens.invalidate("some-older-token"), true);
        assert.equal(await tokens.getToken(), current);
        assert.equal(credentials.length, 1);
        assert.equal(credentials[0].calls, 1);
    });

    it("passes a credential's error through describeFailure and tries again on the next call", async () => {
        const { tokens, failures, calls } = source(3_600_000, "fail");
        const first = tokens.getToken();
        const firstRejected = assert.rejects(first, { message: "sign-in failed: AADSTS7000215: Invalid client secret provided." });
        await clock.tickAsync(50);
        await firstRejected;
        assert.equal(failures.length, 1);
        assert.ok(failures[0] instanceof Error && failures[0].message.startsWith("AADSTS7000215"), "describeFailure did not get the credential's own error");
        const second = tokens.getToken();
        const secondRejected = assert.rejects(second, /sign-in failed/);
        await clock.tickAsync(50);
        await secondRejected;
        assert.equal(calls(), 2, "a failed sign-in must not stick");
    });

    it("a credential answering without a token is a failure", async () => {
        const { tokens, failures } = source(3_600_000, "null");
        const rejected = assert.rejects(tokens.getToken(), { message: "sign-in failed: the credential returned no token" });
        await clock.tickAsync(50);
        await rejected;
        assert.equal(failures.length, 1);
    });
});

describe("provider/auth/tokenSource StaticTokenSource", () => {
    it("returns its token and cannot renew it", async () => {
        const tokens = new StaticTokenSource("fixed-token");
        assert.equal(await tokens.getToken(), "fixed-token");
        assert.equal(tokens.invalidate(), false);
        assert.equal(await tokens.getToken(), "fixed-token");
    });
});
