/**
 * Pulumi dynamic resource provider for the install summary of Intune mobile apps (Microsoft Graph
 * beta `mobileAppInstallSummary`).
 *
 * @packageDocumentation
 */
export { MobileAppInstallSummary } from "./program/resource";
export type { MobileAppInstallSummaryArgs, MobileAppInstallSummaryCounterArgs, MobileAppInstallSummaryCounterOutputs } from "./program/resource";
export { COUNTERS, COUNTER_NAMES, INT32_MAX } from "./model/fields";
export type { CounterName, CounterValues } from "./model/fields";
export { getMobileApp, getMobileApps } from "./program/mobileApps";
export type { MobileApp, MobileAppArgs, MobileAppsArgs } from "./program/mobileApps";
export { isAppArgumentError } from "./model/mobileApps";
export type { AppArgumentError } from "./model/mobileApps";
export { isAppLookupError } from "./operations/findMobileApps";
export type { AppLookupError, AppLookupFailure } from "./operations/findMobileApps";
