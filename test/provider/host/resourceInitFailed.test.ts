import { strict as assert } from "node:assert";
import { ResourceInitFailedError } from "../../../provider/host/resourceInitFailed";
import { Redactor } from "../../../provider/log/redaction";
import type { SummaryOutputs } from "../../../provider/model/state";

describe("provider/host/resourceInitFailed ResourceInitFailedError", () => {
    const SECRET = "s3cret-token-value";
    const outputs: SummaryOutputs = { mobileAppId: "app", summaryId: `echo ${SECRET}`, installedDeviceCount: 4, declaredCounters: ["installedDeviceCount"] };
    const provider = 'exports.handler = __f0; function __f0() { return require("pulumi-intune-install-summary/dynamic-provider"); }';
    const error = new ResourceInitFailedError({
        id: "app",
        outputs,
        provider,
        reason: `Graph PATCH failed: ${SECRET} rejected.`,
        redactor: new Redactor([SECRET]),
    });

    // The contract of the host's grpcResponseFromError (@pulumi/pulumi/cmd/dynamic-provider): an error with an id becomes
    // ErrorResourceInitFailed { id, properties, reasons }, and its message the status the engine shows.
    it("has the id the engine records", () => assert.equal(error.id, "app"));

    it("has the outputs as properties, redacted, with the serialized provider of the inputs as it is", () =>
        assert.deepEqual(error.properties, { ...outputs, summaryId: "echo [redacted]", __provider: provider }));

    it("gives the reason, redacted, as its message and its one reason", () => {
        assert.equal(error.message, "Graph PATCH failed: [redacted] rejected.");
        assert.deepEqual(error.reasons, [error.message]);
    });
});
