/**
 * Pulumi's dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`, 3.248) prints
 * `${error}: ${error.stack}` with `console.error` for every error that `check`, `diff`, `read` or
 * `delete` throws, and then hands the error to the engine, which shows its message. The CLI shows
 * the host's stderr too, so the user reads a failure this provider reports on purpose twice, the
 * second time under ten lines of the SDK's and gRPC's internals. This module drops exactly that
 * one print for the errors it is told about: the engine still shows their message, and every other
 * line (an unexpected error, which keeps its stack for a bug report) is printed as before.
 */

/** The host's print of each error it was told about, until the host prints it. */
const expected = new Set<string>();

/** More than this many unprinted entries means the host no longer prints them: stop remembering. */
const MAX_EXPECTED = 100;

let installed = false;

/** The line the host prints for `error` (its `console.error` argument). */
function hostLine(error: Error): string {
    return `${String(error)}: ${error.stack}`;
}

function install(): void {
    if (installed) {
        return;
    }
    installed = true;
    const print = console.error.bind(console);
    console.error = (...args: unknown[]): void => {
        if (args.length === 1 && typeof args[0] === "string" && expected.delete(args[0])) {
            return;
        }
        print(...args);
    };
}

/**
 * The host will print `error` (thrown by check, diff, read or delete) once, before the engine shows
 * its message: that print is dropped. Call it with the error exactly as it is thrown.
 */
export function leaveToEngine(error: Error): void {
    install();
    if (expected.size >= MAX_EXPECTED) {
        expected.clear();
    }
    expected.add(hostLine(error));
}
