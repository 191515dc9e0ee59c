import { strict as assert } from "node:assert";
import { TokenRegistry } from "../../emulator/tokenRegistry";
import { sleep } from "./support/http";

describe("TokenRegistry", () => {
    it("issues distinct opaque tokens that are accepted until they expire", async () => {
        const registry = new TokenRegistry();
        const long = registry.issue(3600);
        const short = registry.issue(0.2);
        assert.notEqual(long, short);
        assert.match(long, /^emu\.[A-Za-z0-9_-]{32}$/);
        assert.deepEqual(registry.issued, [long, short]);
        assert.equal(registry.problem(long), undefined);
        assert.equal(registry.problem(short), undefined);
        await sleep(250);
        assert.match(registry.problem(short) ?? "", /expired/);
        assert.equal(registry.problem(long), undefined);
    });

    it("names the problem of an empty or unknown token", () => {
        const registry = new TokenRegistry();
        assert.match(registry.problem("") ?? "", /empty/);
        assert.match(registry.problem("emu.not-issued") ?? "", /validation failure/);
    });

    it("a token of one registry is unknown to another", () => {
        const token = new TokenRegistry().issue(60);
        assert.ok(new TokenRegistry().problem(token));
    });
});
