import { type PipelinePolicy, type PipelineResponse, isRestError } from "@azure/core-rest-pipeline";
import type { TokenSource } from "../../auth/tokenSource";
import { GraphError } from "../errors";
import { callOf } from "../graphCall";

/** The name of this policy in the pipeline, as `Pipeline.getOrderedPolicies()` lists it. */
export const bearerTokenPolicyName = "bearerTokenPolicy";

/**
 * Signs each attempt with a bearer token of `tokens` (`../../auth/tokenSource.ts`: one sign-in in
 * flight however many requests ask, the token reused until shortly before it expires). When Graph
 * answers 401 and the source can renew, the token is renewed and the request sent again, once per
 * call. A sign-in failure ends the call before anything is sent, as a {@link GraphError} of kind `auth`.
 *
 * Not core-rest-pipeline's `bearerTokenAuthenticationPolicy`: that one refuses every URL that is
 * not https (the emulator, and `intune:graphEndpoint` pointing at one, are http), renews after a
 * 401 only when the answer carries a `WWW-Authenticate` challenge, and keeps its own token cache
 * with a fixed 2-minute renewal window beside the token source's contract.
 */
export function bearerTokenPolicy(tokens: TokenSource): PipelinePolicy {
    return {
        name: bearerTokenPolicyName,
        async sendRequest(request, next) {
            const call = callOf(request);
            for (;;) {
                let token: string;
                try {
                    token = await tokens.getToken();
                } catch (error) {
                    throw new GraphError({
                        kind: "auth",
                        method: call.method,
                        path: call.path,
                        graphMessage: (error as Error).message,
                        clientRequestId: call.clientRequestId,
                        attempts: call.attempts,
                    });
                }
                request.headers.set("Authorization", `Bearer ${token}`);
                let response: PipelineResponse;
                try {
                    response = await next(request);
                } catch (error) {
                    // An answer whose body was lost still has its status: a 401 is a 401.
                    if (isRestError(error) && error.response?.status === 401 && renew(token)) {
                        continue;
                    }
                    throw error;
                }
                if (response.status === 401 && renew(token)) {
                    continue;
                }
                return response;
            }

            function renew(rejected: string): boolean {
                if (call.tokenRenewed || !tokens.invalidate(rejected)) {
                    return false;
                }
                call.tokenRenewed = true;
                return true;
            }
        },
    };
}
