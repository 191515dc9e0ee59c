import { strict as assert } from "node:assert";
import { type PipelineRequest, RestError } from "@azure/core-rest-pipeline";
import type { TokenSource } from "../../../../provider/auth/tokenSource";
import { isGraphError } from "../../../../provider/graph/errors";
import { bearerTokenPolicy } from "../../../../provider/graph/policies/bearerTokenPolicy";
import { answerTo, graphRequest } from "../../../support/pipelineRequests";

/** A token source issuing `token-1`, then `token-2` after an invalidate that it accepts (when `renewable`), and so on. */
function tokenSource(renewable: boolean) {
    const invalidated: string[] = [];
    let renewals = 0;
    const tokens: TokenSource = {
        getToken: async () => `token-${renewals + 1}`,
        invalidate: (token) => {
            invalidated.push(token);
            renewals += renewable ? 1 : 0;
            return renewable;
        },
    };
    return { tokens, invalidated };
}

/** A next policy answering each request in turn with `statuses` (a RestError with the response for `lost`), recording the Authorization sent. */
function answering(statuses: Array<number | { lost: number }>) {
    const sent: string[] = [];
    const next = async (request: PipelineRequest) => {
        sent.push(request.headers.get("Authorization") ?? "");
        const status = statuses[Math.min(sent.length - 1, statuses.length - 1)];
        if (typeof status === "object") {
            throw new RestError("the body did not arrive in full", { code: "ANSWER_BODY_LOST", request, response: answerTo(request, status.lost) });
        }
        return answerTo(request, status);
    };
    return { next, sent };
}

describe("provider/graph/policies/bearerTokenPolicy", () => {
    const cases: Array<{
        name: string;
        renewable: boolean;
        statuses: Array<number | { lost: number }>;
        sent: string[];
        invalidated: string[];
        status: number;
    }> = [
        { name: "signs the request with the source's token", renewable: true, statuses: [200], sent: ["Bearer token-1"], invalidated: [], status: 200 },
        {
            name: "a 401 from a renewable source: renews the token and sends the request again",
            renewable: true,
            statuses: [401, 200],
            sent: ["Bearer token-1", "Bearer token-2"],
            invalidated: ["token-1"],
            status: 200,
        },
        {
            name: "a 401 whose body was lost is a 401: renewed the same way",
            renewable: true,
            statuses: [{ lost: 401 }, 200],
            sent: ["Bearer token-1", "Bearer token-2"],
            invalidated: ["token-1"],
            status: 200,
        },
        {
            name: "renews once per call: a second 401 is the answer",
            renewable: true,
            statuses: [401, 401, 200],
            sent: ["Bearer token-1", "Bearer token-2"],
            invalidated: ["token-1"],
            status: 401,
        },
        {
            name: "a fixed token (cannot renew): the 401 is the answer",
            renewable: false,
            statuses: [401, 200],
            sent: ["Bearer token-1"],
            invalidated: ["token-1"],
            status: 401,
        },
        {
            name: "another failure status is not a reason to renew",
            renewable: true,
            statuses: [403, 200],
            sent: ["Bearer token-1"],
            invalidated: [],
            status: 403,
        },
    ];
    for (const c of cases) {
        it(c.name, async () => {
            const { tokens, invalidated } = tokenSource(c.renewable);
            const { request, call } = graphRequest();
            const { next, sent } = answering(c.statuses);
            const response = await bearerTokenPolicy(tokens).sendRequest(request, next);
            assert.deepEqual(sent, c.sent);
            assert.equal(response.status, c.status);
            assert.equal(call.tokenRenewed, sent.length > 1);
            assert.deepEqual(invalidated, c.invalidated);
        });
    }

    it("a lost body on another status passes through as the error it is", async () => {
        const { tokens } = tokenSource(true);
        const { request } = graphRequest();
        const { next, sent } = answering([{ lost: 500 }]);
        await assert.rejects(bearerTokenPolicy(tokens).sendRequest(request, next), { code: "ANSWER_BODY_LOST" });
        assert.equal(sent.length, 1);
    });

    it("the renewal is once per call, also across the retry policy's attempts", async () => {
        const { tokens } = tokenSource(true);
        const { request } = graphRequest();
        const policy = bearerTokenPolicy(tokens);
        const { next, sent } = answering([401, 401, 401]);
        assert.equal((await policy.sendRequest(request, next)).status, 401); // renewed, 401 again
        assert.equal((await policy.sendRequest(request, next)).status, 401); // a retry of the same call: not renewed
        assert.equal(sent.length, 3);
    });

    it("a sign-in failure: a GraphError of kind auth naming the call, nothing sent", async () => {
        const tokens: TokenSource = { getToken: () => Promise.reject(new Error("AADSTS7000215: Invalid client secret provided.")), invalidate: () => true };
        const { request, call } = graphRequest("PATCH");
        const { next, sent } = answering([200]);
        const error: unknown = await bearerTokenPolicy(tokens)
            .sendRequest(request, next)
            .then(
                () => undefined,
                (e: unknown) => e,
            );
        assert.ok(isGraphError(error), String(error));
        assert.deepEqual(
            [error.kind, error.method, error.path, error.graphMessage, error.clientRequestId, error.attempts],
            ["auth", "PATCH", call.path, "AADSTS7000215: Invalid client secret provided.", request.requestId, 0],
        );
        assert.deepEqual(sent, []);
    });
});
