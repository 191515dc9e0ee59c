import { type PipelineRequest, type PipelineResponse, createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import { GraphCall, bindCall } from "../../provider/graph/graphCall";
import { OperationStats } from "../../provider/graph/stats";

/** A request of the Graph pipeline with its call, as `../../provider/graph/pipeline.ts` binds them, for one policy's test. */
export function graphRequest(method: "GET" | "PATCH" = "GET", operationTimeoutMs = 30_000): { request: PipelineRequest; call: GraphCall } {
    const request = createPipelineRequest({ url: "https://graph.example/beta/deviceAppManagement/mobileApps/app/installSummary", method });
    const call = new GraphCall(method, "/deviceAppManagement/mobileApps/app/installSummary", new OperationStats(), operationTimeoutMs, request.requestId);
    bindCall(request, call);
    return { request, call };
}

/** An answer to `request`. */
export function answerTo(request: PipelineRequest, status: number, headers: Record<string, string> = {}, bodyAsText = ""): PipelineResponse {
    return { request, status, headers: createHttpHeaders(headers), bodyAsText };
}
