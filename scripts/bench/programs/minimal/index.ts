/**
 * The baseline of the bench's real-CLI figures: the dynamic provider a Pulumi user writes inline in
 * a program to set the install summary counters of Intune apps, and nothing more. One PATCH per
 * create and per update with Node's `fetch`; the Graph endpoint and token come from the stack
 * config (`bench-minimal:graphEndpoint`, `bench-minimal:accessToken` as a secret), handed to
 * `configure` by the dynamic-provider host. No check, no diff (the engine compares the inputs), no
 * read-back, no retries, no pacing, no read or delete. Same config and resource names as the
 * bench's program for this package.
 */
import * as pulumi from "@pulumi/pulumi";

interface SummaryArgs {
    mobileAppId: string;
    installedDeviceCount?: number;
}

/** Filled by `configure` in the provider host; an object, since the serialized closure shares it between the methods. */
const graph = { endpoint: "", token: "" };

async function patchSummary(inputs: SummaryArgs): Promise<void> {
    const response = await fetch(`${graph.endpoint}/beta/deviceAppManagement/mobileApps/${inputs.mobileAppId}/installSummary`, {
        method: "PATCH",
        headers: { Authorization: `Bearer ${graph.token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ installedDeviceCount: inputs.installedDeviceCount }),
    });
    if (!response.ok) {
        throw new Error(`PATCH installSummary of ${inputs.mobileAppId}: ${response.status} ${await response.text()}`);
    }
}

const provider: pulumi.dynamic.ResourceProvider = {
    async configure(req) {
        graph.endpoint = req.config.require("graphEndpoint");
        graph.token = req.config.require("accessToken");
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
        super(provider, name, args, undefined, "minimal", "InstallSummary");
    }
}

for (const args of new pulumi.Config().requireObject<SummaryArgs[]>("apps")) {
    new InstallSummary(args.mobileAppId, args);
}
