/**
 * The messages the docs quote are the messages users get. Each code block of README.md and
 * docs/*.md (docs/troubleshooting.md holds them today) marked `<!-- checked: <id> -->` is matched
 * against what the scenario `<id>` below produces through Pulumi's own dynamic-provider host, as
 * `pulumi up` shows it (a step's error, or the host's stderr): every line of the block must match
 * a line of the output from start to end, with `…` standing for any text. A block without a
 * scenario, or a scenario without a block, fails.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { FakeAuthority, LocalTls, createLocalTls, removeLocalTls } from "../../emulator/fakeAuthority";
import { GraphEmulator } from "../../emulator/graphEmulator";
import { TokenRegistry } from "../../emulator/tokenRegistry";
import { LocalEngine, Step } from "../../engine/localEngine";
import { LocalStack } from "../../engine/localStack";
import { APPS_KEY, REPO_ROOT, STACK_CONFIG_PROGRAM } from "../support/fixtures";
import { DeclaredApp, EmulatorStack, startEmulatorStack } from "../support/emulatorStack";
import { Page, docPages } from "../support/markdown";

/** A quoted block: the page it is on, and its lines. */
interface QuotedBlock {
    file: string;
    lines: string[];
}

/** `<!-- checked: id -->` followed by a fenced block, on any of `pages`: id → the block. */
function checkedBlocks(pages: readonly Page[]): Map<string, QuotedBlock> {
    const blocks = new Map<string, QuotedBlock>();
    for (const { file, text } of pages) {
        for (const match of text.matchAll(/<!-- checked: ([a-z0-9-]+) -->\n```[a-z]*\n([\s\S]*?)\n```/g)) {
            const other = blocks.get(match[1]);
            assert.ok(!other, `two blocks checked as ${match[1]}: in ${other?.file} and in ${file}`);
            blocks.set(match[1], { file, lines: match[2].split("\n") });
        }
    }
    return blocks;
}

/** True when `line` is `pattern` with each `…` standing for any text (anchored at both ends). */
export function matchesQuote(pattern: string, line: string): boolean {
    const pieces = pattern.split("…");
    if (!line.startsWith(pieces[0])) {
        return false;
    }
    let at = pieces[0].length;
    for (const piece of pieces.slice(1, -1)) {
        const found = line.indexOf(piece, at);
        if (found < 0) {
            return false;
        }
        at = found + piece.length;
    }
    const last = pieces.length > 1 ? pieces[pieces.length - 1] : "";
    return pieces.length === 1 ? line === pattern : line.length - last.length >= at && line.endsWith(last);
}

const BLOCKS = checkedBlocks(docPages());
const id = (n: number) => `d0c5d0c5-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

/** The output of each scenario: the lines a block is matched against. */
const outputs = new Map<string, string[]>();

function assertQuoted(blockId: string): void {
    const block = BLOCKS.get(blockId);
    assert.ok(block, `no page of the docs has a block checked as ${blockId}`);
    const output = outputs.get(blockId);
    assert.ok(output, `scenario ${blockId} produced nothing`);
    for (const quoted of block.lines) {
        assert.ok(
            output.some((line) => matchesQuote(quoted, line)),
            `${block.file} quotes (${blockId}):\n  ${quoted}\nbut the scenario produced:\n  ${output.join("\n  ")}`,
        );
    }
}

describe("docs: quoted messages are what users get", function () {
    this.timeout(180_000);

    it("matchesQuote: … stands for any text; both ends are anchored", () => {
        assert.ok(matchesQuote("a … c", "a b c"));
        assert.ok(matchesQuote("a …", "a anything"));
        assert.ok(matchesQuote("… c", "x c"));
        assert.ok(!matchesQuote("a … c", "a b c d"));
        assert.ok(!matchesQuote("a … c", "x a b c"));
        assert.ok(!matchesQuote("abc", "abcd"));
        assert.ok(!matchesQuote("ab…bc", "abc"), "pieces may not overlap");
    });

    describe("Graph answers, through the provider host with a static token", () => {
        let env: EmulatorStack;
        let n = 0;

        /** `pulumi up` of a new stack holding one resource for `app`; the step and what the host wrote meanwhile. */
        async function upOne(app: Omit<DeclaredApp, "name">): Promise<{ step: Step; stderr: string }> {
            env.stack.setProgramConfig("apps", [{ name: `case-${++n}`, ...app }]);
            const registrations = await env.stack.registrations();
            const before = env.stack.host.stderr.length;
            const steps = await new LocalEngine(env.stack.host).up(registrations);
            assert.equal(steps.length, 1);
            return { step: steps[0], stderr: env.stack.host.stderr.slice(before) };
        }

        const error = (step: Step): string[] => {
            assert.ok(step.error, `expected the step to fail: ${JSON.stringify(step)}`);
            return [step.error];
        };

        before(async () => {
            env = await startEmulatorStack({
                seed: Array.from({ length: 8 }, (_, i) => ({ id: id(i + 1), counters: { installedDeviceCount: 2 } })),
                apps: [],
                config: { "intune:maxRetries": "1", "intune:verifyTimeoutMs": "300" },
            });
        });
        after(() => env?.stop());

        it("403", async () => {
            env.emulator.script({ method: "PATCH", status: 403, code: "Authorization_RequestDenied" });
            outputs.set("403", error((await upOne({ mobileAppId: id(1), installedDeviceCount: 4 })).step));
            assertQuoted("403");
        });

        it("429, retries spent", async () => {
            env.emulator.script({ method: "PATCH", status: 429, code: "TooManyRequests", headers: { "Retry-After": "1" }, times: 2 });
            outputs.set("429-retries", error((await upOne({ mobileAppId: id(2), installedDeviceCount: 4 })).step));
            assertQuoted("429-retries");
        });

        it("429, Retry-After beyond intune:operationTimeoutMs", async () => {
            env.emulator.script({ method: "PATCH", status: 429, code: "TooManyRequests", headers: { "Retry-After": "3600" } });
            outputs.set("429-retry-after", error((await upOne({ mobileAppId: id(3), installedDeviceCount: 4 })).step));
            assertQuoted("429-retry-after");
        });

        it("accepted but not applied", async () => {
            env.emulator.behaviour.ignoreWrites = true;
            try {
                outputs.set("not-applied", error((await upOne({ mobileAppId: id(4), installedDeviceCount: 4 })).step));
            } finally {
                env.emulator.behaviour.ignoreWrites = false;
            }
            assertQuoted("not-applied");
        });

        it("retired endpoint: the app exists, its installSummary answers 404", async () => {
            env.emulator.seedApp({ id: id(20), summaryRetired: true });
            outputs.set("retired", error((await upOne({ mobileAppId: id(20), installedDeviceCount: 4 })).step));
            assertQuoted("retired");
        });

        it("no such app", async () => {
            outputs.set("app-not-found", error((await upOne({ mobileAppId: id(21), installedDeviceCount: 4 })).step));
            assertQuoted("app-not-found");
        });

        it("destroy with restoreOnDestroy of an app whose summary is no longer served", async () => {
            env.stack.setProgramConfig("apps", [{ name: "restore-failed", mobileAppId: id(8), installedDeviceCount: 4, restoreOnDestroy: true }]);
            const engine = new LocalEngine(env.stack.host);
            assert.deepEqual(
                (await engine.up(await env.stack.registrations())).map((s) => s.error),
                [undefined],
            );
            env.emulator.apps.get(id(8))!.summaryRetired = true;
            const [step] = await engine.destroy();
            outputs.set("restore-failed", error(step));
            assertQuoted("restore-failed");
        });

        it("the info line of an operation that was throttled", async () => {
            env.emulator.script({ method: "PATCH", status: 429, code: "TooManyRequests", headers: { "Retry-After": "1" } });
            const { step, stderr } = await upOne({ mobileAppId: id(5), installedDeviceCount: 4 });
            assert.equal(step.error, undefined, step.error);
            outputs.set("log-summary", stderr.split("\n"));
            assertQuoted("log-summary");
        });
    });

    describe("verbose traces, through the provider host", () => {
        let env: EmulatorStack;
        before(async () => {
            env = await startEmulatorStack({
                seed: [{ id: id(6) }],
                apps: [{ name: "traced", mobileAppId: id(6), installedDeviceCount: 4 }],
                config: { "intune:logLevel": "verbose" },
            });
        });
        after(() => env?.stop());

        it("one line per request and one per answer, Authorization redacted", async () => {
            const steps = await env.stack.up();
            assert.equal(steps[0].error, undefined, steps[0].error);
            outputs.set("log-verbose", env.stack.host.stderr.split("\n"));
            assertQuoted("log-verbose");
        });
    });

    describe("sign-in failures, through the provider host with the fake authority", () => {
        const TENANT = "11111111-2222-4333-8444-555555555555";
        const CLIENT = "66666666-7777-4888-9999-aaaaaaaaaaaa";
        let tls: LocalTls;
        let authority: FakeAuthority;
        let authorityUrl: string;
        let emulator: GraphEmulator;
        let graphUrl: string;
        const stacks: LocalStack[] = [];

        before(async () => {
            tls = await createLocalTls();
            const registry = new TokenRegistry();
            authority = new FakeAuthority({ registry, clients: [{ tenantId: TENANT, clientId: CLIENT, secret: "the-right-secret-123" }] });
            authorityUrl = await authority.start(tls);
            emulator = new GraphEmulator({ registry });
            graphUrl = await emulator.start();
            emulator.addApp(id(7));
        });
        after(async () => {
            await Promise.all(stacks.map((s) => s.stop()));
            await Promise.all([authority?.stop(), emulator?.stop()]);
            if (tls) {
                removeLocalTls(tls);
            }
        });

        async function up(secret: string, trust: boolean): Promise<Step> {
            const stack = await LocalStack.start({
                programDir: STACK_CONFIG_PROGRAM,
                config: {
                    "intune:graphEndpoint": graphUrl,
                    "intune:authorityHost": authorityUrl,
                    [APPS_KEY]: JSON.stringify([{ name: "signed-in", mobileAppId: id(7), installedDeviceCount: 4 }]),
                },
                hostEnv: {
                    PATH: process.env.PATH,
                    HOME: process.env.HOME,
                    AZURE_TENANT_ID: TENANT,
                    AZURE_CLIENT_ID: CLIENT,
                    AZURE_CLIENT_SECRET: secret,
                    ...(trust ? { NODE_EXTRA_CA_CERTS: tls.certPath } : {}),
                },
            });
            stacks.push(stack);
            const steps = await stack.up();
            assert.ok(steps[0].error, "expected sign-in to fail");
            assert.ok(!steps[0].error.includes(secret) && !stack.host.stderr.includes(secret), "the secret is never shown");
            return steps[0];
        }

        it("a wrong client secret", async () => {
            outputs.set("sign-in-secret", [(await up("a-wrong-secret-456", true)).error!]);
            assertQuoted("sign-in-secret");
        });

        it("the fake authority's certificate not trusted (no NODE_EXTRA_CA_CERTS)", async () => {
            outputs.set("endpoints-resolution", [(await up("the-right-secret-123", false)).error!]);
            assertQuoted("endpoints-resolution");
        });
    });

    describe("Pulumi's own message", () => {
        it('"Unexpected struct type": what the SDK\'s protobuf says for an undefined property', () => {
            const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [REPO_ROOT] }));
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [sdkDir] })) as {
                Struct: { fromJavaScript(value: Record<string, unknown>): unknown };
            };
            assert.throws(
                () => Struct.fromJavaScript({ summaryId: undefined }),
                (error: Error) => {
                    outputs.set("unexpected-struct", [error.message]);
                    return true;
                },
            );
            assertQuoted("unexpected-struct");
        });
    });

    // Last: mocha runs a describe's own tests before its nested describes.
    describe("coverage", () => {
        it("every checked block of the docs has a scenario here, and every scenario a block", () => {
            assert.ok(BLOCKS.size >= 10);
            assert.deepEqual([...BLOCKS.keys()].sort(), [...outputs.keys()].sort());
        });
    });
});
