/**
 * The modules of Pulumi's Node.js SDK that the plugin speaks gRPC with: the generated stubs under
 * `@pulumi/pulumi/proto` (not a public API of the SDK: its version is pinned, and
 * `test/provider/plugin/` runs the plugin against it), and the copies of `@grpc/grpc-js` and
 * `google-protobuf` those stubs were made for, resolved from the SDK's folder, so that messages and
 * services are built by one copy of each.
 */
import * as path from "node:path";
import type * as grpcJs from "@grpc/grpc-js";
import type * as anyPb from "google-protobuf/google/protobuf/any_pb";
import type * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";
import * as engineGrpcPb from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import * as providerGrpcPb from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import * as statusPb from "@pulumi/pulumi/proto/status_pb";

const SDK_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

function fromSdk<T>(id: string): T {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved from the SDK's folder, not from this package's
    return require(require.resolve(id, { paths: [SDK_DIR] })) as T;
}

/** `@grpc/grpc-js` as the SDK's stubs use it: the server, credentials, status codes and metadata. */
export const grpc = fromSdk<typeof grpcJs>("@grpc/grpc-js");
/** `google.protobuf.Any`: the detail of a partial create's status. */
export const anyProto = fromSdk<typeof anyPb>("google-protobuf/google/protobuf/any_pb");
/** `google.protobuf.Empty`: the answer of Delete and Cancel. */
export const emptyProto = fromSdk<typeof emptyPb>("google-protobuf/google/protobuf/empty_pb");
/** `google.protobuf.Struct`: property values on the wire. */
export const structProto = fromSdk<typeof structPb>("google-protobuf/google/protobuf/struct_pb");
/** The engine's service (`pulumirpc.Engine`): its client, for `Log`. */
export const engineGrpc = engineGrpcPb;
/** The engine's messages: `LogRequest`, `LogSeverity`. */
export const engineProto = enginePb;
/** The plugin messages: `PluginInfo`. */
export const pluginProto = pluginPb;
/** The `pulumirpc.ResourceProvider` service definition the plugin serves. */
export const providerGrpc = providerGrpcPb;
/** The resource provider's messages (Check, Diff, Create, Read, Update, Delete and the rest). */
export const providerProto = providerPb;
/** `google.rpc.Status`: the status of a failed call, with its details. */
export const statusProto = statusPb;
