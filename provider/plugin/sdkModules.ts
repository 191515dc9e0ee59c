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
import * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import * as pluginProto from "@pulumi/pulumi/proto/plugin_pb";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import * as statusProto from "@pulumi/pulumi/proto/status_pb";

const SDK_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

function fromSdk<T>(id: string): T {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved from the SDK's folder, not from this package's
    return require(require.resolve(id, { paths: [SDK_DIR] })) as T;
}

export const grpc = fromSdk<typeof grpcJs>("@grpc/grpc-js");
export const anyProto = fromSdk<typeof anyPb>("google-protobuf/google/protobuf/any_pb");
export const emptyProto = fromSdk<typeof emptyPb>("google-protobuf/google/protobuf/empty_pb");
export const structProto = fromSdk<typeof structPb>("google-protobuf/google/protobuf/struct_pb");
export { engineGrpc, engineProto, pluginProto, providerGrpc, providerProto, statusProto };
