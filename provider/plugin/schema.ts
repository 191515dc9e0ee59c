/**
 * The Pulumi package schema of the plugin `intune`, built from the field table
 * (`../model/fields.ts`) and the table of configuration keys (`../config/configKeys.ts`): a new
 * counter or key is in the schema, and so in every SDK and in Pulumi YAML, with no line here.
 * The plugin serves it (`GetSchema`); `schema.json` at the root of the plugin's folder is this
 * schema as committed, and a test fails when the two drift apart.
 */
import { CONFIG_KEYS, ConfigKey } from "../config/configKeys";
import { COUNTERS, INT32_MAX } from "../model/fields";

/** The package name: the plugin is `pulumi-resource-intune`, its provider resource `pulumi:providers:intune`. */
export const PACKAGE = "intune";

/** The type token of the one resource. */
export const RESOURCE_TYPE = `${PACKAGE}:index:MobileAppInstallSummary`;

/** The type token of the dynamic resource of the same name: the alias of a stack moving to the plugin. */
export const DYNAMIC_RESOURCE_TYPE = "pulumi-nodejs:dynamic/intune:MobileAppInstallSummary";

/** One property in a schema. */
export interface PropertySpec {
    type: "string" | "integer" | "boolean";
    description: string;
    secret?: boolean;
    default?: string | number | boolean;
    defaultInfo?: { environment: string[] };
    willReplaceOnChanges?: boolean;
}

/** The parts of a Pulumi package schema this package has. */
export interface PackageSchema {
    name: string;
    displayName: string;
    version: string;
    description: string;
    keywords: string[];
    license: string;
    meta: { moduleFormat: string };
    config: { variables: Record<string, PropertySpec> };
    provider: { description: string; properties: Record<string, PropertySpec>; inputProperties: Record<string, PropertySpec> };
    resources: Record<
        string,
        {
            description: string;
            properties: Record<string, PropertySpec>;
            required: string[];
            inputProperties: Record<string, PropertySpec>;
            requiredInputs: string[];
        }
    >;
    language: { nodejs: { packageName: string } };
}

/** The npm package of the typed SDK for Node.js (`sdk/nodejs/`). */
export const NODEJS_SDK_PACKAGE = "pulumi-intune-native";

const MOBILE_APP_ID: PropertySpec = {
    type: "string",
    description: "The id (a GUID) of the mobile app in Intune. Changing it means another app: the resource is replaced.",
};

const COUNTER_RANGE = `A whole number from 0 to ${INT32_MAX}.`;

/** The value of a key's default, typed as the schema types the key. */
function typedDefault(key: ConfigKey): string | number | boolean | undefined {
    if (key.default === undefined) {
        return undefined;
    }
    return key.type === "integer" ? Number(key.default) : key.type === "boolean" ? key.default === "true" : key.default;
}

/** A configuration key as a property of the provider (and a variable of stack config). */
function configProperty(key: ConfigKey): PropertySpec {
    const byDefault = typedDefault(key);
    return {
        type: key.type,
        description: key.description,
        ...(key.secret ? { secret: true } : {}),
        ...(byDefault === undefined ? {} : { default: byDefault }),
        ...(key.env.length ? { defaultInfo: { environment: [...key.env] } } : {}),
    };
}

/** The schema of version `version` of the package. */
export function packageSchema(version: string): PackageSchema {
    const config = Object.fromEntries(CONFIG_KEYS.map((key) => [key.key, configProperty(key)]));
    const counters = Object.fromEntries(COUNTERS.map((c) => [c.name, { type: "integer", description: c.description } satisfies PropertySpec]));
    const counterInputs = Object.fromEntries(
        COUNTERS.map((c) => [
            c.name,
            { type: "integer", description: `${c.description} ${COUNTER_RANGE} Optional: a counter left out is not managed.` } satisfies PropertySpec,
        ]),
    );
    const restoreOnDestroy: PropertySpec = {
        type: "boolean",
        description: "On destroy, PATCH back the values of the declared counters seen before adoption. Default false: destroy leaves the tenant as it is.",
    };
    return {
        name: PACKAGE,
        displayName: "Intune install summary",
        version,
        description: "The install summary of Intune mobile apps (Microsoft Graph beta mobileAppInstallSummary), as one Pulumi resource.",
        keywords: ["pulumi", "intune", "microsoft-graph", "category/utility", "kind/native"],
        license: "Apache-2.0",
        meta: { moduleFormat: "(.*)" },
        config: { variables: config },
        provider: {
            description:
                "The provider of the intune package. Each property falls back to its environment variables, then to its default; without an explicit provider, stack config `intune:*` configures the default one.",
            properties: config,
            inputProperties: config,
        },
        resources: {
            [RESOURCE_TYPE]: {
                description:
                    "The install summary of one Intune mobile app. Its id is the app's id. Create adopts the summary (PATCHes the declared counters and reads back); delete leaves the tenant's values as they are, or restores those seen before adoption with restoreOnDestroy.",
                properties: {
                    mobileAppId: { type: "string", description: "The id of the mobile app in Intune, in lower case." },
                    summaryId: { type: "string", description: "The id of the mobileAppInstallSummary entity in Graph." },
                    ...counters,
                    restoreOnDestroy,
                },
                // Graph may leave out a counter it does not serve (the seed document shows six of the ten).
                required: ["mobileAppId"],
                inputProperties: { mobileAppId: { ...MOBILE_APP_ID, willReplaceOnChanges: true }, ...counterInputs, restoreOnDestroy },
                requiredInputs: ["mobileAppId"],
            },
        },
        language: { nodejs: { packageName: NODEJS_SDK_PACKAGE } },
    };
}
