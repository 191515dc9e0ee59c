/**
 * Property values as the engine's gRPC messages carry them (`google.protobuf.Struct`), as plain
 * objects: the special values of Pulumi's wire format, secrets and unknowns, read and written.
 * The shapes are those of Pulumi's `sdk/go/common/resource/plugin/rpc.go` (3.248).
 */

/** The key whose value marks an object as one of Pulumi's special values, and the value for a secret. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** `value` marked as a secret on the wire. */
export function secret(value: unknown): Record<string, unknown> {
    return { [SIG_KEY]: SECRET_SIG, value };
}

/** True when `value` is a secret as the wire marks it. */
export function isSecret(value: unknown): value is { value: unknown } {
    return value !== null && typeof value === "object" && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** `value` with every secret replaced by the value it holds, at any depth. */
export function unwrapSecrets(value: unknown): unknown {
    if (isSecret(value)) {
        return unwrapSecrets(value.value);
    }
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unwrapSecrets(item)]));
    }
    return value;
}

/** The object a Struct held (none: an empty one), secrets unwrapped. */
export function plainObject(struct: { toJavaScript(): Record<string, unknown> } | undefined): Record<string, unknown> {
    return struct ? (unwrapSecrets(struct.toJavaScript()) as Record<string, unknown>) : {};
}
