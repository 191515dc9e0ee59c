import type { Redactor } from "../log/redaction";
import { PROVIDER_KEY } from "../model/inputs";
import type { SummaryOutputs } from "../model/state";

/** What the engine records of a partially created resource. */
export interface ResourceInitFailure {
    /** The resource id the engine records. */
    id: string;
    /** The outputs to record, as the operation computed them (not yet redacted). */
    outputs: SummaryOutputs;
    /** The serialized provider from the create's inputs (`__provider`). */
    provider: unknown;
    /** Why the create failed; the engine shows it. */
    reason: string;
    /** The session's redaction. */
    redactor: Redactor;
}

/**
 * The error by which a create reports a partially created resource to Pulumi's dynamic-provider
 * host. The host (`grpcResponseFromError` in `@pulumi/pulumi/cmd/dynamic-provider`, 3.248) turns an
 * error that has an `id` into the gRPC detail `ErrorResourceInitFailed` with `id`, `properties` (the
 * outputs the engine records for the resource) and `reasons`, and its `message` into the status
 * message the engine shows. The host adds the serialized provider (`__provider`) to the outputs of
 * successful operations only, and every later operation on the resource (refresh, update, destroy)
 * needs it, so `properties` carries it over from the inputs.
 */
export class ResourceInitFailedError extends Error {
    override readonly name = "ResourceInitFailedError";
    readonly id: string;
    readonly properties: Record<string, unknown>;
    readonly reasons: string[];

    constructor(failure: ResourceInitFailure) {
        const reason = failure.redactor.text(failure.reason);
        super(reason);
        this.id = failure.id;
        // Redacted here, where outputs and provider are apart: the provider's code is not text to search.
        this.properties = { ...failure.redactor.value(failure.outputs), [PROVIDER_KEY]: failure.provider };
        this.reasons = [reason];
    }
}
