/**
 * `pulumi-intune-install-summary/emulator`: a local stand-in for the Microsoft Graph endpoints of
 * Intune's `mobileAppInstallSummary`, and a fake Microsoft Entra sign-in authority, for tests and
 * CI without a tenant. The command `intune-graph-emulator` runs both; see docs/emulator.md.
 *
 * ```ts
 * import { GraphEmulator } from "pulumi-intune-install-summary/emulator";
 * const emulator = new GraphEmulator({ tokens: ["t0ken"] });
 * const url = await emulator.start();          // http://127.0.0.1:<port>
 * emulator.addApp("3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b", { installedDeviceCount: 4 });
 * // ... point intune:graphEndpoint at url, intune:accessToken at "t0ken" ...
 * await emulator.stop();
 * ```
 */
export {
    DEFAULT_BEHAVIOUR,
    GraphEmulator,
    zeroCounters,
    type EmulatedApp,
    type EmulatorBehaviour,
    type EmulatorOptions,
    type RecordedRequest,
    type RetryAfterFormat,
    type ScriptedFault,
} from "./graphEmulator";
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
