/**
 * The real sign-in flow: @azure/identity's ClientSecretCredential inside Pulumi's provider host,
 * against the emulator's fake HTTPS authority (trusted through NODE_EXTRA_CA_CERTS), with the
 * credential from stack config (intune:tenantId / clientId / clientSecret / authorityHost) and
 * again from the AZURE_* environment variables.
 */
import { strict as assert } from "node:assert";
import type { Registration } from "../../engine/runProgram";
import { AuthorityRig, CLIENT, Rig, TENANT, appId, hostEnvTrusting, registration, startAuthority, startRig, timed } from "./support/harness";

const SECRET = "sign-in-client-secret-Hx42~q";
const WRONG_SECRET = "sign-in-wrong-secret-Qz17~k";
const CONCURRENT = 200;

interface Variant {
    name: string;
    /** Rig options that give the host this credential. */
    credential(authority: AuthorityRig, secret: string): { config: Record<string, string>; secretConfig: Record<string, string>; hostEnv: NodeJS.ProcessEnv };
}

const VARIANTS: Variant[] = [
    {
        name: "stack config intune:tenantId, intune:clientId, intune:clientSecret",
        credential: (authority, secret) => ({
            config: { "intune:tenantId": TENANT, "intune:clientId": CLIENT, "intune:authorityHost": authority.url },
            secretConfig: { "intune:clientSecret": secret },
            hostEnv: hostEnvTrusting(authority.tls),
        }),
    },
    {
        name: "AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_AUTHORITY_HOST",
        credential: (authority, secret) => ({
            config: {},
            secretConfig: {},
            hostEnv: hostEnvTrusting(authority.tls, {
                AZURE_TENANT_ID: TENANT,
                AZURE_CLIENT_ID: CLIENT,
                AZURE_CLIENT_SECRET: secret,
                AZURE_AUTHORITY_HOST: authority.url,
            }),
        }),
    },
];

async function signedInRig(authority: AuthorityRig, variant: Variant, secret: string, config: Record<string, string> = {}): Promise<Rig> {
    const credential = variant.credential(authority, secret);
    return startRig({
        accessToken: false,
        registry: authority.registry,
        config: { "intune:writesPerWindow": "0", ...credential.config, ...config },
        secretConfig: credential.secretConfig,
        hostEnv: credential.hostEnv,
    });
}

for (const [v, variant] of VARIANTS.entries()) {
    describe(`reliability: sign-in through the fake authority, ${variant.name}`, function () {
        this.timeout(120_000);
        let authority: AuthorityRig;

        before(async () => {
            authority = await startAuthority({ secret: SECRET });
        });
        after(() => authority?.stop());

        it(`${CONCURRENT} concurrent operations in one host get their token from one token request`, async () => {
            const rig = await signedInRig(authority, variant, SECRET);
            try {
                const regs: Registration[] = [];
                for (let i = 0; i < CONCURRENT; i++) {
                    const id = appId(i, `51c000${v}0`);
                    rig.emulator.addApp(id, { installedDeviceCount: 1 });
                    regs.push(await registration(`app-${i}`, { mobileAppId: id, installedDeviceCount: 2 + (i % 7) }));
                }
                const { result: steps, ms } = await timed(() => rig.engine().up(regs)); // all at once, as pulumi up does by default
                assert.deepEqual(
                    steps.filter((s) => s.error),
                    [],
                    "every create succeeded",
                );
                assert.equal(steps.length, CONCURRENT);
                const tokenRequests = authority.authority.tokenRequests;
                assert.equal(tokenRequests.length, 1, "one token request for all operations");
                assert.deepEqual(
                    [tokenRequests[0].tenantId, tokenRequests[0].clientId, tokenRequests[0].method, tokenRequests[0].refusedWith],
                    [TENANT, CLIENT, "secret", undefined],
                );
                const requests = rig.emulator.graphRequests();
                assert.equal(requests.length, 3 * CONCURRENT, "GET, PATCH and GET per operation");
                assert.deepEqual(new Set(requests.map((r) => r.authorization)), new Set([`Bearer ${authority.registry.issued[0]}`]));
                regs.forEach((r, i) => assert.equal(rig.emulator.counters(r.inputs.mobileAppId as string).installedDeviceCount, 2 + (i % 7)));
                assert.ok(ms < 60_000, `took ${ms} ms`);
            } finally {
                await rig.stop();
            }
        });

        it("a wrong secret fails with a message naming tenant, client and the AADSTS code, not the secret; Graph gets nothing", async () => {
            const rig = await signedInRig(authority, variant, WRONG_SECRET);
            try {
                const before = authority.authority.tokenRequests.length;
                const regs = await Promise.all(
                    [0, 1, 2].map((i) => registration(`wrong-${i}`, { mobileAppId: appId(i, "badc0de0"), installedDeviceCount: 1 })),
                );
                regs.forEach((r) => rig.emulator.addApp(r.inputs.mobileAppId as string));
                const { result: steps, ms } = await timed(() => rig.engine().up(regs));
                for (const step of steps) {
                    assert.match(
                        step.error ?? "",
                        new RegExp(
                            `^Graph GET /deviceAppManagement/mobileApps/badc0de0-[0-9a-f-]+/installSummary failed: Sign-in failed for tenant ${TENANT}, ` +
                                `client ${CLIENT} with ClientSecretCredential \\(AADSTS7000215\\): .*Invalid client secret provided\\.`,
                        ),
                    );
                    assert.ok(!step.error!.includes(WRONG_SECRET) && !step.error!.includes(SECRET), step.error);
                    assert.doesNotMatch(step.error!, /\r|\.\./, "one clean line");
                }
                const refused = authority.authority.tokenRequests.slice(before);
                assert.ok(refused.length >= 1 && refused.length <= steps.length, `token requests: ${refused.length}`);
                assert.ok(refused.every((r) => r.refusedWith === "AADSTS7000215"));
                assert.deepEqual(rig.emulator.graphRequests(), [], "no Graph request without a token");
                assert.ok(!rig.stack.host.stderr.includes(WRONG_SECRET) && !rig.stack.host.stdout.includes(WRONG_SECRET));
                assert.ok(ms < 20_000, `took ${ms} ms`);
            } finally {
                await rig.stop();
            }
        });

        it("an expired token is renewed before it is used again", async () => {
            const shortLived = await startAuthority({ secret: SECRET, tokenLifetimeSeconds: 2 });
            const rig = await signedInRig(shortLived, variant, SECRET);
            try {
                const id = appId(9, "e8b12ed0");
                rig.emulator.addApp(id, { installedDeviceCount: 1 });
                const engine = rig.engine();
                assert.deepEqual(
                    (await engine.up([await registration("expiring", { mobileAppId: id, installedDeviceCount: 3 })])).map((s) => s.error),
                    [undefined],
                );
                const [first] = shortLived.registry.issued;
                // Wait until Graph no longer accepts the first token (bounded: at most 5 s).
                for (let waited = 0; shortLived.registry.problem(first) === undefined; waited += 100) {
                    assert.ok(waited < 5_000, "the token did not expire");
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                rig.emulator.clearRequests();
                const steps = await engine.refresh();
                assert.deepEqual(
                    steps.map((s) => [s.op, s.error]),
                    [["same", undefined]],
                );
                assert.ok(shortLived.authority.issuedCount >= 2, "a new token was requested");
                const requests = rig.emulator.graphRequests();
                assert.deepEqual(
                    requests.map((r) => r.status),
                    [200],
                    "renewed before use: no 401",
                );
                assert.equal(requests[0].authorization, `Bearer ${shortLived.registry.issued.at(-1)}`, "the refresh used the newest token");
                assert.notEqual(requests[0].authorization, `Bearer ${first}`);
            } finally {
                await rig.stop();
                await shortLived.stop();
            }
        });
    });
}
