/**
 * Shared pieces of the reliability tests: registrations built from the stack-config example's own
 * serialized provider (the program runs once per test process, not once per case), a Graph
 * emulator plus a provider host configured through stack config, the fake sign-in authority,
 * and small measuring helpers. Everything runs on 127.0.0.1 with free ports.
 */
import { strict as assert } from "node:assert";
import { FakeAuthority, LocalTls, createLocalTls, removeLocalTls } from "../../../emulator/fakeAuthority";
import { EmulatorBehaviour, GraphEmulator, RecordedRequest } from "../../../emulator/graphEmulator";
import { TokenRegistry } from "../../../emulator/tokenRegistry";
import { LocalEngine, ResourceState, Step } from "../../../engine/localEngine";
import { LocalStack, LocalStackOptions } from "../../../engine/localStack";
import { Registration, runProgram, urnOf } from "../../../engine/runProgram";
import { startEmulatorStack } from "../../support/emulatorStack";
import { APPS_KEY, STACK_CONFIG_PROGRAM } from "../../support/fixtures";

export const RESOURCE_TYPE = "pulumi-nodejs:dynamic/intune:MobileAppInstallSummary";
export const PROJECT = "intune-install-summaries";

let providerSource: Promise<string> | undefined;

/**
 * The `__provider` the stack-config example serializes (the same text for every resource): the program
 * runs once under mocks, and the cases below register resources with it as the program would.
 */
export function serializedProvider(): Promise<string> {
    providerSource ??= runProgram(STACK_CONFIG_PROGRAM, {
        [APPS_KEY]: JSON.stringify([{ name: "template", mobileAppId: "3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b", installedDeviceCount: 1 }]),
    }).then((registrations) => {
        const source = registrations[0]?.inputs.__provider;
        assert.equal(typeof source, "string", "the stack-config example registers a resource with a serialized provider");
        return source as string;
    });
    return providerSource;
}

/**
 * A registration of one MobileAppInstallSummary named `name` with these inputs, as the resource
 * class sends them (undefined dropped, `__provider` added). `providerVariant` gives the resource a
 * distinct provider text (a trailing comment): the host configures each distinct provider once,
 * with the config of the latest Configure call.
 */
export async function registration(name: string, inputs: Record<string, unknown>, providerVariant?: string): Promise<Registration> {
    const source = await serializedProvider();
    const defined = Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== undefined));
    return {
        type: RESOURCE_TYPE,
        name,
        urn: urnOf("dev", PROJECT, RESOURCE_TYPE, name),
        inputs: { __provider: providerVariant ? `${source}\n// ${providerVariant}\n` : source, ...defined },
    };
}

/** A distinct, valid app id for case `n` (lower case, as check normalizes ids). */
export function appId(n: number, prefix = "c0ffee00"): string {
    return `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

/** Runs `work` and measures its wall time. */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
    const started = Date.now();
    const result = await work();
    return { result, ms: Date.now() - started };
}

/** `METHOD status` of each recorded Graph request, e.g. `PATCH 429`, `GET reset`, `PATCH hang`. */
export function exchanges(requests: readonly RecordedRequest[]): string[] {
    return requests.map((r) => `${r.method} ${r.status}`);
}

/** Milliseconds between consecutive recorded requests. */
export function gaps(requests: readonly RecordedRequest[]): number[] {
    return requests.slice(1).map((r, i) => r.atMs - requests[i].atMs);
}

/** Fast settings for fault cases: short timeouts and few retries, so every case ends in seconds. */
export const FAST_CONFIG: Record<string, string> = {
    "intune:requestTimeoutMs": "1000",
    "intune:operationTimeoutMs": "8000",
    "intune:maxRetries": "2",
    "intune:verifyTimeoutMs": "1500",
};

export interface Rig {
    emulator: GraphEmulator;
    stack: LocalStack;
    /** A new engine with empty state on the same provider host (one `pulumi up` of a new stack). */
    engine(): LocalEngine;
    stop(): Promise<void>;
}

/**
 * A Graph emulator (accepting the static token and the tokens of `registry`) and a provider host
 * whose stack config points at it. The static token (`intune:accessToken`, a secret) is `TEST_TOKEN`
 * unless given; `accessToken: false` leaves it out of the config (to sign in instead).
 */
export async function startRig(options: {
    config?: Record<string, string>;
    secretConfig?: Record<string, string>;
    accessToken?: string | false;
    behaviour?: Partial<EmulatorBehaviour>;
    registry?: TokenRegistry;
    hostEnv?: NodeJS.ProcessEnv;
    stackOptions?: Partial<LocalStackOptions>;
}): Promise<Rig> {
    const env = await startEmulatorStack({
        accessToken: options.accessToken,
        registry: options.registry,
        behaviour: options.behaviour,
        config: options.config,
        secretConfig: options.secretConfig,
        stackOptions: { hostEnv: options.hostEnv, ...options.stackOptions },
    });
    return { ...env, engine: () => new LocalEngine(env.stack.host) };
}

export const TENANT = "11111111-2222-4333-8444-555555555555";
export const CLIENT = "66666666-7777-4888-9999-aaaaaaaaaaaa";

/** The fake HTTPS authority with one registered client, sharing its token registry with Graph. */
export interface AuthorityRig {
    tls: LocalTls;
    registry: TokenRegistry;
    authority: FakeAuthority;
    url: string;
    stop(): Promise<void>;
}

export async function startAuthority(options: { secret?: string; certificatePem?: string; tokenLifetimeSeconds?: number }): Promise<AuthorityRig> {
    const tls = await createLocalTls();
    const registry = new TokenRegistry();
    const authority = new FakeAuthority({
        registry,
        clients: [{ tenantId: TENANT, clientId: CLIENT, secret: options.secret, certificatePem: options.certificatePem }],
        tokenLifetimeSeconds: options.tokenLifetimeSeconds,
    });
    const url = await authority.start(tls);
    return {
        tls,
        registry,
        authority,
        url,
        async stop() {
            await authority.stop();
            removeLocalTls(tls);
        },
    };
}

/** The host environment a user has when the fake authority's certificate is trusted. */
export function hostEnvTrusting(tls: LocalTls, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_EXTRA_CA_CERTS: tls.certPath, ...extra };
}

/** The steps' `[name, op, error]`, for compact assertions. */
export function outcome(steps: readonly Step[]): Array<[string, string, string | undefined]> {
    return steps.map((s) => [s.name, s.op, s.error]);
}

/** The one resource an engine holds, or undefined. */
export function only(engine: LocalEngine): ResourceState | undefined {
    assert.ok(engine.state.size <= 1, `expected at most one resource, got ${engine.state.size}`);
    return [...engine.state.values()][0];
}

/** Every place in `haystacks` (label → text) where one of `secrets` (label → value) occurs. */
export function leaks(haystacks: Record<string, string>, secrets: Record<string, string>): string[] {
    const found: string[] = [];
    for (const [where, text] of Object.entries(haystacks)) {
        for (const [what, value] of Object.entries(secrets)) {
            assert.ok(value.length >= 8, `secret ${what} is too short to search for`);
            if (text.includes(value)) {
                found.push(`${what} in ${where}`);
            }
        }
    }
    return found;
}
