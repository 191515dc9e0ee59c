/**
 * The peer of the bench's throttled shapes: the dynamic provider a Pulumi user writes today to set
 * the install summary counters of Intune apps, on the Microsoft Graph JS client
 * (`@microsoft/microsoft-graph-client` 3) with its default middleware, whose RetryHandler retries a
 * 429 (at most 3 times, after its `Retry-After`). One PATCH per create and update; no pacing, no
 * read-back. The Graph endpoint and token come from the stack config (`bench-peer:graphEndpoint`,
 * `bench-peer:accessToken` as a secret). The client's default chain, but for its first link: its
 * authentication middleware sends a token only to https Graph hosts (and removes one set by hand),
 * and the emulator is plain http, so a one-line middleware sets the header in its place.
 */
import { Client, Context, Middleware, MiddlewareFactory } from "@microsoft/microsoft-graph-client";
import * as pulumi from "@pulumi/pulumi";

interface SummaryArgs {
    mobileAppId: string;
    installedDeviceCount?: number;
}

/** Filled by `configure` in the provider host; an object, since the serialized closure shares it between the methods. */
const graph = { endpoint: "", token: "" };

/** Sets the bearer token on every request, where the client's AuthenticationHandler would for an https Graph host. */
function bearer(): Middleware {
    let next: Middleware | undefined;
    return {
        async execute(context: Context) {
            context.options = {
                ...context.options,
                headers: { ...(context.options?.headers as Record<string, string>), Authorization: `Bearer ${graph.token}` },
            };
            await next!.execute(context);
        },
        setNext(middleware: Middleware) {
            next = middleware;
        },
    };
}

async function patchSummary(inputs: SummaryArgs): Promise<void> {
    const [, ...defaults] = MiddlewareFactory.getDefaultMiddlewareChain({ getAccessToken: async () => graph.token }); // RetryHandler, RedirectHandler, TelemetryHandler, HTTPMessageHandler
    const client = Client.initWithMiddleware({ baseUrl: graph.endpoint, defaultVersion: "beta", middleware: [bearer(), ...defaults] });
    await client.api(`/deviceAppManagement/mobileApps/${inputs.mobileAppId}/installSummary`).patch({ installedDeviceCount: inputs.installedDeviceCount });
}

const provider: pulumi.dynamic.ResourceProvider = {
    async configure(req) {
        graph.endpoint = req.config.require("bench-peer:graphEndpoint");
        graph.token = req.config.require("bench-peer:accessToken");
    },
    async create(inputs: SummaryArgs) {
        await patchSummary(inputs);
        return { id: inputs.mobileAppId, outs: inputs };
    },
    async update(_id, _olds, news: SummaryArgs) {
        await patchSummary(news);
        return { outs: news };
    },
};

class InstallSummary extends pulumi.dynamic.Resource {
    constructor(name: string, args: SummaryArgs) {
        super(provider, name, args, undefined, "peer", "InstallSummary");
    }
}

for (const args of new pulumi.Config().requireObject<SummaryArgs[]>("apps")) {
    new InstallSummary(args.mobileAppId, args);
}
