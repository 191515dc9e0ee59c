/**
 * The emulator's package as a user's code loads it: the compiled files, through its `exports` map
 * (`npm ci` links the workspace into node_modules as `intune-graph-emulator`).
 */
import { strict as assert } from "node:assert";
import { ensureBuilt } from "./support/cliProcess";
import { APP, TOKEN, call, summaryPath } from "./support/http";

describe("intune-graph-emulator (the package's entry point)", () => {
    before(() => ensureBuilt());

    it("exports the emulator, the fake authority, TLS helpers and the token registry", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const api = require("intune-graph-emulator") as typeof import("../../emulator/index");
        assert.match(require.resolve("intune-graph-emulator"), /emulator[\\/]dist[\\/]index\.js$/);
        for (const name of [
            "GraphEmulator",
            "FakeAuthority",
            "createLocalTls",
            "removeLocalTls",
            "TokenRegistry",
            "DEFAULT_BEHAVIOUR",
            "zeroCounters",
            "InvalidEmulatorInput",
        ] as const) {
            assert.ok(api[name], `${name} is exported`);
        }
    });

    it("the compiled GraphEmulator serves the summary", async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { GraphEmulator } = require("intune-graph-emulator") as typeof import("../../emulator/index");
        const emulator = new GraphEmulator({ tokens: [TOKEN] });
        try {
            const url = await emulator.start();
            emulator.addApp(APP, { installedDeviceCount: 2 });
            assert.equal((await call(url, summaryPath(APP))).json.installedDeviceCount, 2);
        } finally {
            await emulator.stop();
        }
    });
});
