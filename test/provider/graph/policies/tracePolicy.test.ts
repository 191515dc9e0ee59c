import { strict as assert } from "node:assert";
import { type PipelineRequest, RestError } from "@azure/core-rest-pipeline";
import { tracePolicy } from "../../../../provider/graph/policies/tracePolicy";
import { REQUEST_TIMED_OUT } from "../../../../provider/graph/transport/crossFetchHttpClient";
import { type LogLevel, type Logger, createLogger } from "../../../../provider/log/log";
import { answerTo, graphRequest } from "../../../support/pipelineRequests";

const URL = "https://graph.example/beta/deviceAppManagement/mobileApps/app/installSummary";

describe("provider/graph/policies/tracePolicy", () => {
    const cases: Array<{ name: string; proxy?: string; next: (r: PipelineRequest) => ReturnType<typeof answerTo>; lines: RegExp[] }> = [
        {
            name: "a request and its answer: ids, the token redacted, the bodies",
            next: (r) => answerTo(r, 200, { "request-id": "rid-1" }, '{"installedDeviceCount":3}'),
            lines: [
                /^intune: -> PATCH (\S+) client-request-id=[0-9a-f-]{36} authorization=Bearer \[redacted\] body=\{"installedDeviceCount":1\}$/,
                /^intune: <- 200 PATCH (\S+) in \d+ ms request-id=rid-1 body=\{"installedDeviceCount":3\}$/,
            ],
        },
        {
            name: "a long answer: its first 500 characters",
            next: (r) => answerTo(r, 200, {}, `${"x".repeat(500)}the rest`),
            lines: [/^intune: -> PATCH/, /^intune: <- 200 PATCH \S+ in \d+ ms request-id=- body=x{500}$/],
        },
        {
            name: "through a proxy: named on the request's line",
            proxy: "http://proxy.example:3128",
            next: (r) => answerTo(r, 204),
            lines: [/ authorization=Bearer \[redacted\] proxy=http:\/\/proxy\.example:3128 body=/, /^intune: <- 204 PATCH \S+ in \d+ ms request-id=- body=$/],
        },
        {
            name: "an answer whose body was lost: why, then the answer",
            next: (r) => {
                throw new RestError(`the body of the 200 answer to PATCH ${URL} did not arrive in full: Premature close`, {
                    code: "ANSWER_BODY_LOST",
                    request: r,
                    response: answerTo(r, 200),
                });
            },
            lines: [
                /^intune: -> PATCH/,
                /^intune: the body of the 200 answer to PATCH \S+ did not arrive in full: Premature close$/,
                /^intune: <- 200 PATCH \S+ in \d+ ms/,
            ],
        },
        {
            name: "no answer in time: a timeout",
            next: (r) => {
                throw new RestError("no answer within 300 ms", { code: REQUEST_TIMED_OUT, request: r });
            },
            lines: [/^intune: -> PATCH/, /^intune: <- PATCH \S+ timeout after \d+ ms: no answer within 300 ms$/],
        },
        {
            name: "a failed connection: network",
            next: (r) => {
                throw new RestError("connect ECONNREFUSED 127.0.0.1:9", { code: "ECONNREFUSED", request: r });
            },
            lines: [/^intune: -> PATCH/, /^intune: <- PATCH \S+ network after \d+ ms: connect ECONNREFUSED 127\.0\.0\.1:9$/],
        },
    ];
    for (const c of cases) {
        it(c.name, async () => {
            const lines: string[] = [];
            const { request } = graphRequest("PATCH");
            request.body = '{"installedDeviceCount":1}';
            request.headers.set("Authorization", "Bearer the-token");
            await tracePolicy(
                createLogger("verbose", undefined, (line) => lines.push(line.trimEnd())),
                c.proxy,
            )
                .sendRequest(request, async (r) => c.next(r))
                .catch(() => undefined);
            assert.equal(lines.length, c.lines.length, lines.join("\n"));
            c.lines.forEach((pattern, i) => assert.match(lines[i], pattern));
            assert.ok(lines.every((l) => !l.includes("the-token")));
        });
    }

    it("below verbose: no line is built", async () => {
        const asked: LogLevel[] = [];
        const log: Logger = {
            level: "info",
            enabled: (level) => (asked.push(level), false),
            log: () => assert.fail("nothing is logged below verbose"),
        };
        const { request } = graphRequest();
        await tracePolicy(log, undefined).sendRequest(request, async (r) => answerTo(r, 200));
        assert.deepEqual(asked, ["verbose"]);
    });
});
