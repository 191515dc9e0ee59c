/**
 * The `ResourceProvider` gRPC service of the plugin, on the SDK's generated stubs
 * (`./sdkModules.ts`): each call's message to plain values, the call to `./nativeProvider.ts`, its
 * answer back to a message. Failures reach the engine as a gRPC status whose message is the
 * (redacted) error message; a create that must be recorded although it failed carries the
 * `ErrorResourceInitFailed` detail, as the engine expects of a partially created resource.
 * Calls this plugin has no use for (invoke, call, construct, parameterize, attach, mappings,
 * list, handshake) answer UNIMPLEMENTED, which the engine takes as "not supported".
 */
import type * as grpcJs from "@grpc/grpc-js";
import type { IResourceProviderServer } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { isPartialCreateError } from "../operations/create";
import { inFlightWhile } from "../session/processLifetime";
import { packageVersion } from "../session/packageInfo";
import { NativeProvider, PropertyDiffs } from "./nativeProvider";
import { plainObject } from "./properties";
import { packageSchema } from "./schema";
import { anyProto, emptyProto, grpc, pluginProto, providerProto, statusProto, structProto } from "./sdkModules";

type Struct = InstanceType<typeof structProto.Struct>;

function struct(value: Record<string, unknown>): Struct {
    return structProto.Struct.fromJavaScript(value as Parameters<typeof structProto.Struct.fromJavaScript>[0]);
}

/** The gRPC status of a failure; a partial create with its `ErrorResourceInitFailed` detail. */
function statusOf(error: unknown, provider: NativeProvider, inputs?: Record<string, unknown>): grpcJs.ServerErrorResponse {
    const redacted = provider.redactor.error(error) as Error;
    const message = redacted.message;
    const metadata = new grpc.Metadata();
    if (isPartialCreateError(redacted)) {
        const detail = new providerProto.ErrorResourceInitFailed();
        detail.setId(redacted.id);
        detail.setProperties(struct({ ...redacted.outputs }));
        detail.setReasonsList([message]);
        if (inputs) {
            detail.setInputs(struct(inputs));
        }
        const any = new anyProto.Any();
        any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
        const status = new statusProto.Status();
        status.setCode(grpc.status.UNKNOWN);
        status.setMessage(message);
        status.addDetails(any);
        metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
    }
    return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message, metadata });
}

/** A unary call answered by `handle`; what it throws becomes the call's status (`statusOf`). */
function unary<Req, Res>(
    provider: NativeProvider,
    handle: (request: Req) => Res | Promise<Res>,
    inputsOf?: (request: Req) => Record<string, unknown>,
): grpcJs.handleUnaryCall<Req, Res> {
    return (call, callback) => {
        inFlightWhile(async () => handle(call.request)).then(
            (response) => callback(null, response),
            (error: unknown) => {
                const status = statusOf(error, provider, inputsOf?.(call.request));
                callback(status, null, status.metadata);
            },
        );
    };
}

function unimplemented(name: string): grpcJs.handleUnaryCall<unknown, never> {
    return (_call, callback) => callback({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented by the intune provider` }, null);
}

const KINDS = {
    add: providerProto.PropertyDiff.Kind.ADD,
    update: providerProto.PropertyDiff.Kind.UPDATE,
    delete: providerProto.PropertyDiff.Kind.DELETE,
} as const;

const REPLACE_KINDS = {
    add: providerProto.PropertyDiff.Kind.ADD_REPLACE,
    update: providerProto.PropertyDiff.Kind.UPDATE_REPLACE,
    delete: providerProto.PropertyDiff.Kind.DELETE_REPLACE,
} as const;

/** A diff as the engine reads it: changes, replaces, the changed keys and the detailed diff per property. */
function diffResponse(diff: PropertyDiffs): InstanceType<typeof providerProto.DiffResponse> {
    const response = new providerProto.DiffResponse();
    response.setChanges(diff.changes ? providerProto.DiffResponse.DiffChanges.DIFF_SOME : providerProto.DiffResponse.DiffChanges.DIFF_NONE);
    response.setReplacesList(diff.replaces);
    response.setDiffsList(diff.properties.map((p) => p.name));
    response.setDeletebeforereplace(false);
    response.setHasdetaileddiff(true);
    const detailed = response.getDetaileddiffMap();
    for (const p of diff.properties) {
        const kind = new providerProto.PropertyDiff();
        kind.setKind((diff.replaces.includes(p.name) ? REPLACE_KINDS : KINDS)[p.change]);
        kind.setInputdiff(p.inputDiff);
        detailed.set(p.name, kind);
    }
    return response;
}

function checkResponse(result: {
    inputs: Record<string, unknown>;
    failures: Array<{ property: string; reason: string }>;
}): InstanceType<typeof providerProto.CheckResponse> {
    const response = new providerProto.CheckResponse();
    response.setInputs(struct(result.inputs));
    response.setFailuresList(
        result.failures.map((f) => {
            const failure = new providerProto.CheckFailure();
            failure.setProperty(f.property);
            failure.setReason(f.reason);
            return failure;
        }),
    );
    return response;
}

/** The provider's configuration from a Configure call: its typed inputs, else the older `variables` (`intune:config:<key>`). */
function configureInputs(request: InstanceType<typeof providerProto.ConfigureRequest>): Record<string, unknown> {
    const args = request.getArgs();
    if (args) {
        return plainObject(args);
    }
    const inputs: Record<string, unknown> = {};
    request.getVariablesMap().forEach((value, key) => {
        inputs[key.replace(/^intune:config:/, "")] = value;
    });
    return inputs;
}

/** The service implementation for `provider`. */
export function resourceProviderService(provider: NativeProvider): grpcJs.UntypedServiceImplementation {
    const service: Record<keyof IResourceProviderServer, unknown> = {
        getPluginInfo: unary(provider, () => new pluginProto.PluginInfo().setVersion(packageVersion())),
        getSchema: unary(provider, () => new providerProto.GetSchemaResponse().setSchema(JSON.stringify(packageSchema(packageVersion())))),
        checkConfig: unary(provider, (request: InstanceType<typeof providerProto.CheckRequest>) =>
            checkResponse(provider.checkConfig(plainObject(request.getNews()))),
        ),
        diffConfig: unary(provider, (request: InstanceType<typeof providerProto.DiffRequest>) =>
            diffResponse(provider.diffConfig(plainObject(request.getOlds()), plainObject(request.getNews()))),
        ),
        configure: unary(provider, (request: InstanceType<typeof providerProto.ConfigureRequest>) => {
            provider.configure(configureInputs(request));
            // No secrets or resources inside a resource's properties, and no preview of create and update: the engine
            // strips secrets before each call and marks outputs secret as the inputs were.
            return new providerProto.ConfigureResponse().setAcceptsecrets(false).setSupportspreview(false).setAcceptresources(false).setAcceptoutputs(false);
        }),
        check: unary(provider, (request: InstanceType<typeof providerProto.CheckRequest>) => checkResponse(provider.check(plainObject(request.getNews())))),
        diff: unary(provider, (request: InstanceType<typeof providerProto.DiffRequest>) =>
            diffResponse(provider.diff(plainObject(request.getOlds()), plainObject(request.getNews()))),
        ),
        create: unary(
            provider,
            async (request: InstanceType<typeof providerProto.CreateRequest>) => {
                const { id, outputs } = await provider.create(plainObject(request.getProperties()), request.getTimeout());
                return new providerProto.CreateResponse().setId(id).setProperties(struct({ ...outputs }));
            },
            (request) => plainObject(request.getProperties()),
        ),
        read: unary(provider, async (request: InstanceType<typeof providerProto.ReadRequest>) => {
            const found = await provider.read(request.getId(), plainObject(request.getProperties()));
            const response = new providerProto.ReadResponse();
            if (found) {
                response
                    .setId(found.id)
                    .setProperties(struct({ ...found.outputs }))
                    .setInputs(struct(found.inputs));
            }
            return response;
        }),
        update: unary(provider, async (request: InstanceType<typeof providerProto.UpdateRequest>) => {
            const outputs = await provider.update(request.getId(), plainObject(request.getOlds()), plainObject(request.getNews()), request.getTimeout());
            return new providerProto.UpdateResponse().setProperties(struct({ ...outputs }));
        }),
        delete: unary(provider, async (request: InstanceType<typeof providerProto.DeleteRequest>) => {
            await provider.delete(request.getId(), plainObject(request.getProperties()), request.getTimeout());
            return new emptyProto.Empty();
        }),
        cancel: unary(provider, () => {
            provider.cancel();
            return new emptyProto.Empty();
        }),
        handshake: unimplemented("Handshake"),
        parameterize: unimplemented("Parameterize"),
        invoke: unimplemented("Invoke"),
        call: unimplemented("Call"),
        construct: unimplemented("Construct"),
        attach: unimplemented("Attach"),
        getMapping: unimplemented("GetMapping"),
        getMappings: unimplemented("GetMappings"),
        list: (call: grpcJs.ServerWritableStream<unknown, unknown>) =>
            call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "List is not implemented by the intune provider" }),
    };
    return service as grpcJs.UntypedServiceImplementation;
}
