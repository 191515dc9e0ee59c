import { strict as assert } from "node:assert";
import { RAMP_GAIN, READ_RAMP_GAIN } from "../../../provider/graph/pacingDecisions";
import { resolveSettings } from "../../../provider/config/settings";
import { sessionPacers } from "../../../provider/session/session";

/** Settings as `configure` resolves them from these stack config values (keys without `intune:`). */
function settings(values: Record<string, string>) {
    return resolveSettings(
        (key) => values[key.slice("intune:".length)],
        { INTUNE_ACCESS_TOKEN: "token" },
        Object.keys(values).map((key) => `intune:${key}`),
    );
}

describe("session/session", () => {
    describe("sessionPacers", () => {
        const cases: Array<{ name: string; values: Record<string, string>; writes: [number, number] }> = [
            { name: "writes at the default budget", values: {}, writes: [100, 20_000] },
            { name: "writes at the configured budget", values: { writesPerWindow: "20", writeWindowMs: "2000" }, writes: [20, 2000] },
            { name: "write pacing off", values: { writesPerWindow: "0" }, writes: [0, 20_000] },
        ];
        for (const c of cases) {
            it(`${c.name}; reads at Intune's documented 1,000 per 20 s, with the reads' ramp`, () => {
                const pacers = sessionPacers(settings(c.values));
                assert.deepEqual([pacers.writes.perWindow, pacers.writes.windowMs, pacers.writes.pacing.rampGain], [...c.writes, RAMP_GAIN]);
                assert.deepEqual([pacers.reads.perWindow, pacers.reads.windowMs, pacers.reads.pacing.rampGain], [1000, 20_000, READ_RAMP_GAIN]);
            });
        }
    });
});
