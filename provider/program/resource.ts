import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { COUNTER_NAMES, CounterName } from "../model/fields";
import { serializedProvider } from "./serializedProvider";

/**
 * The provider object `pulumi.dynamic.Resource` serializes into every resource's `__provider`,
 * stored twice per resource in state, so its size is paid at every state write.
 *
 * Installed as a real copy in a `node_modules` folder (from a tarball or a registry), it is the
 * `exports` of this package's `dynamic-provider` module itself: the SDK's serializer writes an
 * installed module's exports as one `require()` of its export path (about 300 bytes). Linked
 * (`file:` dependencies, `npm link`, workspaces), the module lies outside every `node_modules` and
 * the serializer would copy it and everything it imports by value, which fails; there it is the
 * forwarder of `./serializedProvider.ts` (about 2 KB). Both resolve the installed package at run
 * time, so either kind of state is served by the version installed now. The test is the
 * serializer's own: a `node_modules` segment in the module's path relative to the program folder.
 */
function providerForState(): pulumi.dynamic.ResourceProvider {
    const implementation = require.resolve("../host/dynamicProvider");
    const installed = path.relative(process.cwd(), implementation).split(path.sep).includes("node_modules");
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object itself is what gets serialized
    return installed ? (require("../host/dynamicProvider") as pulumi.dynamic.ResourceProvider) : serializedProvider;
}

/** One optional input per counter of the field table; an omitted counter is not managed. */
export type MobileAppInstallSummaryCounterArgs = {
    [K in CounterName]?: pulumi.Input<number>;
};

/** The arguments of a {@link MobileAppInstallSummary}. */
export interface MobileAppInstallSummaryArgs extends MobileAppInstallSummaryCounterArgs {
    /**
     * The id (a GUID) of the Intune mobile app whose install summary this resource manages.
     * Changing it points the resource at another app: Pulumi replaces the resource.
     */
    mobileAppId: pulumi.Input<string>;
    /**
     * On destroy, PATCH back the values the counters had before this resource first wrote them.
     * Default false: destroy removes the resource from the stack and leaves the tenant as it is.
     * Set it when the resource is created; turned on later, it restores only counters declared
     * from then on.
     */
    restoreOnDestroy?: pulumi.Input<boolean>;
}

/** Every counter as read back from Graph after the last create, update or refresh. */
export type MobileAppInstallSummaryCounterOutputs = {
    readonly [K in CounterName]: pulumi.Output<number>;
};

// Declaration merging gives the class one typed output per counter of the field table.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface MobileAppInstallSummary extends MobileAppInstallSummaryCounterOutputs {}

/**
 * The install summary of one Intune mobile app (Microsoft Graph beta
 * `/deviceAppManagement/mobileApps/{mobileAppId}/installSummary`), declared in code.
 *
 * The summary exists as long as its app, so creating the resource adopts it: the declared counters
 * are PATCHed and read back. Updates PATCH only the counters that differ; refresh reads the live
 * values; destroy leaves the tenant as it is unless `restoreOnDestroy` is set.
 * The Pulumi resource id is `mobileAppId`.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class MobileAppInstallSummary extends pulumi.dynamic.Resource {
    /** The app id (lower case): also the resource id. */
    declare readonly mobileAppId: pulumi.Output<string>;
    /** The `id` of the Graph `mobileAppInstallSummary` entity. */
    declare readonly summaryId: pulumi.Output<string>;

    constructor(name: string, args: MobileAppInstallSummaryArgs, opts?: pulumi.CustomResourceOptions) {
        // Every argument goes to the provider as given, so its check reports a misspelt property
        // (from untyped stack config, say) instead of it being dropped here. Outputs not set as
        // inputs are listed as undefined so that the resource gets an Output for each of them.
        const props: Record<string, unknown> = { ...args, summaryId: undefined };
        for (const counter of COUNTER_NAMES) {
            props[counter] = args[counter];
        }
        // Type token pulumi-nodejs:dynamic/intune:MobileAppInstallSummary.
        super(providerForState(), name, props, opts, "intune", "MobileAppInstallSummary");
    }
}
