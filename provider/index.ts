/**
 * Pulumi dynamic resource provider for the install summary of Intune mobile apps (Microsoft Graph
 * beta `mobileAppInstallSummary`).
 *
 * @packageDocumentation
 */
export { MobileAppInstallSummary } from "./resource";
export type { MobileAppInstallSummaryArgs, MobileAppInstallSummaryCounterArgs, MobileAppInstallSummaryCounterOutputs } from "./resource";
export { COUNTERS, COUNTER_NAMES, INT32_MAX } from "./fields";
export type { CounterName, CounterValues } from "./fields";
