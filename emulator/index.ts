/**
 * `intune-graph-emulator`: a local stand-in for the Microsoft Graph endpoints of Intune's
 * `mobileAppInstallSummary`, and a fake Microsoft Entra sign-in authority, for tests and CI
 * without a tenant. The command `intune-graph-emulator` runs both; see the package's README.
 *
 * ```ts
 * import { GraphEmulator } from "intune-graph-emulator";
 * const emulator = new GraphEmulator({ tokens: ["t0ken"] });
 * const url = await emulator.start();          // http://127.0.0.1:<port>
 * emulator.addApp("3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b", { installedDeviceCount: 4 });
 * // ... point intune:graphEndpoint at url, intune:accessToken at "t0ken" ...
 * await emulator.stop();
 * ```
 */
export { DEFAULT_BEHAVIOUR, type EmulatorBehaviour, type RetryAfterFormat, type ScriptedFault } from "./behaviour";
export { GraphEmulator, zeroCounters, type EmulatedApp, type EmulatorOptions, type RecordedRequest } from "./graphEmulator";
export { COUNTER_NAMES, INSTALL_SUMMARY, type CounterName, type CounterValues } from "./schema";
export {
    FakeAuthority,
    createLocalTls,
    removeLocalTls,
    type FakeAuthorityOptions,
    type LocalTls,
    type RegisteredClient,
    type TokenRequestRecord,
} from "./fakeAuthority";
export { TokenRegistry } from "./tokenRegistry";
export { InvalidEmulatorInput, type AppSeed } from "./validation";
