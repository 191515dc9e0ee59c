import * as path from "node:path";

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The stack-config example: the program most tests deploy, one resource per entry of its `apps` config. */
export const STACK_CONFIG_PROGRAM = path.join(REPO_ROOT, "examples", "stack-config");

/** Fixed app ids for tests (lower case, as check normalizes them). */
export const APP_IDS = ["3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b", "0f6e2d4c-8b1a-4c3d-9e5f-6a7b8c9d0e1f", "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e"] as const;

/** A bearer token the emulator accepts in tests. */
export const TEST_TOKEN = "test-token-4f9a1c";

/** The stack config key of the stack-config example's app list. */
export const APPS_KEY = "intune-install-summaries:apps";
