/**
 * The provider's own configuration as the plugin receives it: the inputs of the provider resource
 * (`pulumi:providers:intune`), keyed by configuration key without the `intune:` namespace. For the
 * default provider the engine makes them from stack config `intune:*`; for an explicit provider
 * they are its properties. They resolve through the same table and rules as the dynamic provider's
 * stack config (`../config/settings.ts`), environment fallbacks included.
 */
import { CONFIG_KEYS, ConfigSource } from "../config/configKeys";
import { isConfigError } from "../config/configError";
import { Settings, resolveSettings } from "../config/settings";
import type { PropertyChange } from "../model/diff";
import type { InputFailure } from "../model/inputs";
import { secret } from "./properties";

/** Keys the engine itself puts into a provider's inputs, which are not configuration keys. */
const ENGINE_KEYS: readonly string[] = ["version", "pluginDownloadURL"];

/** The configuration keys that hold secrets. */
const SECRET_KEYS: readonly string[] = CONFIG_KEYS.filter((key) => key.secret).map((key) => key.key);

/** Reads `intune:<key>` from provider inputs. */
function sourceOf(inputs: Readonly<Record<string, unknown>>): ConfigSource {
    return (fullKey) => (fullKey.startsWith(`intune:`) ? inputs[fullKey.slice("intune:".length)] : undefined);
}

/** The configuration keys set in `inputs`, namespaced as the checks of unknown keys name them. */
function keysOf(inputs: Readonly<Record<string, unknown>>): string[] {
    return Object.keys(inputs)
        .filter((key) => !ENGINE_KEYS.includes(key))
        .map((key) => `intune:${key}`);
}

/** Resolves provider inputs (secrets unwrapped) and the environment into settings; throws `ConfigError`. */
export function settingsOf(inputs: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv): Settings {
    return resolveSettings(sourceOf(inputs), env, keysOf(inputs));
}

/**
 * `CheckConfig`: every problem of the configuration (unknown or misspelt keys with a
 * did-you-mean, bad values, what a credential lacks), one failure each, naming the key and never
 * its value; and the inputs to record, with the secret keys marked secret whether or not the user
 * marked them, so that state never holds a token in plain text.
 */
export function checkProviderConfig(
    news: Readonly<Record<string, unknown>>,
    env: NodeJS.ProcessEnv,
): { inputs: Record<string, unknown>; failures: InputFailure[] } {
    let failures: InputFailure[] = [];
    try {
        settingsOf(news, env);
    } catch (error) {
        if (!isConfigError(error)) {
            throw error;
        }
        // No property: the engine would print the property's value beside it, and it may be a secret.
        failures = error.problems.map((problem) => ({ property: "", reason: problem }));
    }
    const inputs = Object.fromEntries(Object.entries(news).map(([key, value]) => [key, SECRET_KEYS.includes(key) ? secret(value) : value]));
    return { inputs, failures };
}

/**
 * `DiffConfig`: each key whose value changes, and how. A change of configuration never replaces
 * the provider (and so never its resources): the app ids stay the same, and the next operations
 * use the new settings; after a change of tenant or endpoint, a refresh reads the values there.
 */
export function diffProviderConfig(
    olds: Readonly<Record<string, unknown>>,
    news: Readonly<Record<string, unknown>>,
): Array<{ name: string; change: PropertyChange }> {
    const names = [...new Set([...Object.keys(olds), ...Object.keys(news)])].sort();
    const changes: Array<{ name: string; change: PropertyChange }> = [];
    for (const name of names) {
        const [before, after] = [olds[name], news[name]];
        if (before === undefined && after !== undefined) {
            changes.push({ name, change: "add" });
        } else if (before !== undefined && after === undefined) {
            changes.push({ name, change: "delete" });
        } else if (JSON.stringify(before) !== JSON.stringify(after)) {
            changes.push({ name, change: "update" });
        }
    }
    return changes;
}
