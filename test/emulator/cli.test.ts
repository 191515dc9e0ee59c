/**
 * `node emulator/dist/cli.js` as users and scripts run it: spawned, read (the banner or the
 * `--json` line), talked to over HTTP, and stopped by its PID with SIGINT/SIGTERM. Every flag has
 * a test here; invalid command lines exit 2 naming the flag.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { FLAGS } from "../../emulator/cliArgs";
import { GRAPH_SCOPE, REPO_ROOT, requestTokenInChild } from "./support/childCredential";
import { CLI, EMULATOR_DIR, RunningCli, ensureBuilt, killLeftovers, runCli, startCli } from "./support/cliProcess";
import { APP, OTHER_APP, call, eventually, summaryPath } from "./support/http";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    return port;
}

/** GET the summary with the CLI's token. */
const get = (cli: RunningCli, app = APP) => call(cli.info.url, summaryPath(app), { token: cli.info.token });
const patch = (cli: RunningCli, body: unknown, app = APP) => call(cli.info.url, summaryPath(app), { method: "PATCH", body, token: cli.info.token });

describe("intune-graph-emulator (cli.js)", () => {
    let scratch: string;

    before(async () => {
        await ensureBuilt();
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-cli-test-"));
    });
    after(() => fs.rmSync(scratch, { recursive: true, force: true }));
    afterEach(() => killLeftovers());

    describe("help and documentation", () => {
        it("--help lists every flag with its default and exits 0", async () => {
            const { code, stdout, stderr } = await runCli(["--help"]);
            assert.equal(code, 0, stderr);
            assert.match(stdout, /^Usage: intune-graph-emulator \[flags\]/);
            for (const flag of FLAGS) {
                const line = stdout.split("\n").find((l) => l.trimStart().startsWith(`--${flag.name}`));
                assert.ok(line, `--${flag.name} is in --help`);
                if (flag.default) {
                    assert.ok(line.includes(`Default: ${flag.default}.`), `--${flag.name} shows its default`);
                }
            }
            assert.match(stdout, /PUT\|PATCH\|DELETE \/_emulator\/apps\/\{id\}/);
        });

        it("the package's README documents every flag with its default, and every admin route", () => {
            const docs = fs.readFileSync(path.join(EMULATOR_DIR, "README.md"), "utf8");
            for (const flag of FLAGS) {
                const row = docs.split("\n").find((l) => l.startsWith(`| \`--${flag.name}`));
                assert.ok(row, `the README has a table row for --${flag.name}`);
                assert.ok(row.includes(flag.default), `the docs row of --${flag.name} gives its default "${flag.default}"`);
            }
            for (const route of [
                "GET /_emulator/state",
                "PATCH /_emulator/behaviour",
                "POST /_emulator/faults",
                "DELETE /_emulator/faults",
                "GET /_emulator/requests",
                "DELETE /_emulator/requests",
                "PUT /_emulator/apps/{id}",
                "PATCH /_emulator/apps/{id}",
                "DELETE /_emulator/apps/{id}",
            ]) {
                assert.ok(docs.includes(`\`${route}\``), `the README documents ${route}`);
            }
        });

        it("the emulator package's bin and the repository's npm script run this file", () => {
            const manifest = (dir: string) =>
                JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { bin?: Record<string, string>; scripts: Record<string, string> };
            assert.equal(path.resolve(EMULATOR_DIR, manifest(EMULATOR_DIR).bin!["intune-graph-emulator"]), CLI);
            assert.equal(manifest(REPO_ROOT).scripts.emulator, `node ${path.relative(REPO_ROOT, CLI)}`);
            assert.match(fs.readFileSync(CLI, "utf8"), /^#!\/usr\/bin\/env node\n/);
        });
    });

    describe("running", () => {
        it("prints the URL, token, stack commands and env vars, serves Graph, and exits 0 on SIGINT", async () => {
            const cli = await startCli(["--app", APP]);
            const out = cli.stdout();
            const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
            const token = /Bearer token:\s+(\S+)/.exec(out)?.[1];
            assert.ok(url && token, out);
            assert.ok(out.includes(`pulumi config set intune:graphEndpoint ${url}\n`), out);
            assert.ok(out.includes(`pulumi config set --secret intune:accessToken ${token}\n`), out);
            assert.ok(out.includes(`export INTUNE_GRAPH_ENDPOINT=${url}\n`), out);
            assert.ok(out.includes(`export INTUNE_ACCESS_TOKEN=${token}\n`), out);
            assert.ok(out.includes(APP));
            const answer = await call(url, summaryPath(APP), { token });
            assert.equal(answer.status, 200);
            const exit = await cli.stop("SIGINT");
            assert.deepEqual([exit.code, exit.signal], [0, null], exit.stderr);
            assert.match(exit.stdout, /Stopped \(SIGINT\)\.\n$/);
            await assert.rejects(call(url, summaryPath(APP), { token, timeoutMs: 2_000 }), "the port is closed after the exit");
        });

        it("without apps, the banner says how to add some; a SIGTERM right after the banner still exits 0", async () => {
            const cli = await startCli([]);
            assert.match(cli.stdout(), /Apps:\s+none yet; every app answers 404/);
            const exit = await cli.stop();
            assert.deepEqual([exit.code, exit.signal], [0, null], JSON.stringify(exit));
        });

        it("--json prints one JSON line with everything a script needs, and exits 0 on SIGTERM", async () => {
            const cli = await startCli(["--json", "--app", APP]);
            const { info } = cli;
            assert.equal(cli.stdout().split("\n").length, 2, "exactly one line");
            assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
            assert.notEqual(info.url, "http://127.0.0.1:0", "port 0 picks a free port");
            assert.equal(info.adminUrl, `${info.url}/_emulator`);
            assert.match(info.token, /^emu-token-[0-9a-f]{36}$/, "a random token by default");
            assert.equal(info.pid, cli.child.pid);
            assert.ok(Number.isInteger(info.seed));
            assert.deepEqual(info.apps, [{ id: APP, displayName: `App ${APP.slice(0, 8)}`, summaryRetired: false }]);
            for (const key of ["authorityUrl", "certPath", "tenantId", "clientId", "clientSecret", "tokenLifetimeSeconds"] as const) {
                assert.equal(info[key], null, key);
            }
            assert.equal((await get(cli)).status, 200);
            assert.equal((await call(info.url, summaryPath(APP), { token: "other" })).status, 401);
            const exit = await cli.stop("SIGTERM");
            assert.deepEqual([exit.code, exit.signal], [0, null], exit.stderr);
            assert.equal(exit.stdout.split("\n").filter(Boolean).length, 1, "--json prints nothing else");
        });

        it("--port and --token fix the address and the bearer token", async () => {
            const port = await freePort();
            const cli = await startCli(["--json", "--port", String(port), "--token", "my-ci-token.1", "--app", APP]);
            assert.equal(cli.info.url, `http://127.0.0.1:${port}`);
            assert.equal(cli.info.token, "my-ci-token.1");
            assert.equal((await call(cli.info.url, summaryPath(APP), { token: "my-ci-token.1" })).status, 200);
            assert.equal((await cli.stop()).code, 0);
        });

        it("a port in use exits 1 naming --port; an authority port in use names --authority-port", async () => {
            const blocker = http.createServer();
            await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
            const port = (blocker.address() as AddressInfo).port;
            try {
                const graph = await runCli(["--port", String(port)]);
                assert.equal(graph.code, 1);
                assert.match(
                    graph.stderr,
                    new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use \\(EADDRINUSE\\); choose another --port, or 0 for a free one`),
                );
                const auth = await runCli(["--authority", "--authority-port", String(port)]);
                assert.equal(auth.code, 1);
                assert.match(auth.stderr, /choose another --authority-port/);
            } finally {
                await new Promise((resolve) => blocker.close(resolve));
            }
        });
    });

    describe("seeding apps", () => {
        it("--apps reads a JSON list with names, counters and retired summaries; --app adds more", async () => {
            const file = path.join(scratch, "apps.json");
            fs.writeFileSync(
                file,
                JSON.stringify([
                    { id: APP.toUpperCase(), displayName: "Teams", counters: { installedDeviceCount: 4, failedUserCount: 2 } },
                    { id: OTHER_APP, summaryRetired: true },
                ]),
            );
            const third = "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e";
            const fourth = "c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f";
            const cli = await startCli(["--json", "--apps", file, "--app", third, "--app", fourth]);
            assert.deepEqual(
                cli.info.apps.map((a) => [a.id, a.summaryRetired]),
                [
                    [APP, false],
                    [OTHER_APP, true],
                    [third, false],
                    [fourth, false],
                ],
            );
            assert.equal(cli.info.apps[0].displayName, "Teams");
            const teams = await get(cli);
            assert.deepEqual([teams.json.installedDeviceCount, teams.json.failedUserCount, teams.json.failedDeviceCount], [4, 2, 0]);
            assert.equal((await get(cli, OTHER_APP)).status, 404);
            assert.equal((await call(cli.info.url, `/beta/deviceAppManagement/mobileApps/${OTHER_APP}`, { token: cli.info.token })).status, 200);
            assert.equal((await get(cli, fourth)).json.installedDeviceCount, 0);
            assert.equal((await cli.stop()).code, 0);
        });

        it("--random-apps seeds n apps with random GUIDs; --seed makes them repeatable", async () => {
            const ids = async (args: string[]): Promise<string[]> => {
                const cli = await startCli(["--json", "--random-apps", "3", ...args]);
                const found = cli.info.apps.map((a) => a.id);
                assert.deepEqual(
                    cli.info.apps.map((a) => a.displayName),
                    ["Emulated app 1", "Emulated app 2", "Emulated app 3"],
                );
                for (const id of found) {
                    assert.match(id, GUID);
                    const answer = await get(cli, id);
                    assert.equal(answer.status, 200);
                    assert.equal(answer.json.installedDeviceCount, 0);
                }
                if (args.length) {
                    assert.equal(cli.info.seed, Number(args[1]));
                }
                assert.equal((await cli.stop()).code, 0);
                return found;
            };
            const seeded = await ids(["--seed", "9"]);
            assert.equal(new Set(seeded).size, 3);
            assert.deepEqual(await ids(["--seed", "9"]), seeded);
            assert.notDeepEqual(await ids(["--seed", "10"]), seeded);
            assert.notDeepEqual(await ids([]), seeded);
        });

        it("DELETE /_emulator/apps/{id} deletes an app while it runs: Graph answers 404 after", async () => {
            const cli = await startCli(["--json", "--app", APP]);
            assert.equal((await call(cli.info.url, `/_emulator/apps/${APP}`, { method: "DELETE", token: null })).status, 200);
            assert.equal((await get(cli)).json.error.code, "ResourceNotFound");
            assert.equal((await cli.stop()).code, 0);
        });
    });

    describe("behaviour flags", () => {
        it("--latency-ms delays every answer", async () => {
            const cli = await startCli(["--json", "--app", APP, "--latency-ms", "300"]);
            const started = Date.now();
            assert.equal((await get(cli)).status, 200);
            assert.ok(Date.now() - started >= 290, `${Date.now() - started} ms`);
            assert.equal((await cli.stop()).code, 0);
        });

        it("--write-budget answers 429 once spent, with Retry-After in seconds by default", async () => {
            const cli = await startCli(["--json", "--app", APP, "--write-budget", "2/60000"]);
            assert.equal((await patch(cli, { installedDeviceCount: 1 })).status, 204);
            assert.equal((await patch(cli, { installedDeviceCount: 2 })).status, 204);
            const throttled = await patch(cli, { installedDeviceCount: 3 });
            assert.equal(throttled.status, 429);
            assert.equal(throttled.json.error.code, "TooManyRequests");
            assert.ok(
                Number(throttled.headers.get("retry-after")) >= 59 && Number(throttled.headers.get("retry-after")) <= 60,
                String(throttled.headers.get("retry-after")),
            );
            assert.equal((await get(cli)).json.installedDeviceCount, 2);
            assert.equal((await cli.stop()).code, 0);
        });

        it("--write-window, --app-write-budget and --write-budget-drop shape the budget: the admin state shows the knobs, a second app's write is refused by the tenant's dropped budget", async () => {
            const cli = await startCli([
                "--json",
                "--app",
                APP,
                "--write-budget",
                "3/60000",
                "--write-window",
                "fixed",
                "--app-write-budget",
                "1",
                "--write-budget-drop",
                "1:1",
            ]);
            const state = await fetch(`${cli.info.adminUrl}/state`).then((r) => r.json() as Promise<{ behaviour: Record<string, unknown> }>);
            assert.deepEqual(
                Object.fromEntries(
                    ["writesPerWindow", "writeWindowMs", "writeWindow", "appWritesPerWindow", "dropAfterWrites", "droppedWritesPerWindow"].map((k) => [
                        k,
                        state.behaviour[k],
                    ]),
                ),
                { writesPerWindow: 3, writeWindowMs: 60_000, writeWindow: "fixed", appWritesPerWindow: 1, dropAfterWrites: 1, droppedWritesPerWindow: 1 },
            );
            assert.equal((await patch(cli, { installedDeviceCount: 1 })).status, 204);
            const refused = await patch(cli, { installedDeviceCount: 2 });
            assert.equal(refused.status, 429);
            assert.ok(Number(refused.headers.get("retry-after")) <= 60, String(refused.headers.get("retry-after")));
            assert.equal((await cli.stop()).code, 0);
        });

        it("--retry-after date writes an HTTP date; --retry-after none leaves the header out", async () => {
            const dated = await startCli(["--json", "--app", APP, "--write-budget", "1/60000", "--retry-after", "date"]);
            await patch(dated, {});
            const retryAfter = (await patch(dated, {})).headers.get("retry-after");
            const waitMs = Date.parse(retryAfter ?? "") - Date.now();
            assert.ok(/GMT$/.test(retryAfter ?? "") && waitMs > 55_000 && waitMs < 63_000, `${retryAfter}`);
            assert.equal((await dated.stop()).code, 0);

            const none = await startCli(["--json", "--app", APP, "--write-budget", "1/60000", "--retry-after", "none"]);
            await patch(none, {});
            const throttled = await patch(none, {});
            assert.deepEqual([throttled.status, throttled.headers.get("retry-after")], [429, null]);
            assert.equal((await none.stop()).code, 0);
        });

        it("--patch-status 200 answers PATCH with the entity; --get-shape wrapped wraps GET in value", async () => {
            const cli = await startCli(["--json", "--app", APP, "--patch-status", "200", "--get-shape", "wrapped"]);
            const patched = await patch(cli, { installedDeviceCount: 5 });
            assert.deepEqual([patched.status, patched.json.installedDeviceCount], [200, 5]);
            const got = await get(cli);
            assert.equal(got.json.value.installedDeviceCount, 5);
            assert.equal((await cli.stop()).code, 0);
        });

        it("--page-size pages GET mobileApps, the next page through @odata.nextLink", async () => {
            const cli = await startCli(["--json", "--random-apps", "5", "--page-size", "2"]);
            const first = await call(cli.info.url, "/beta/deviceAppManagement/mobileApps", { token: cli.info.token });
            assert.equal(first.json.value.length, 2);
            const next = new URL(first.json["@odata.nextLink"]);
            assert.equal(next.origin, cli.info.url);
            const second = await call(cli.info.url, `${next.pathname}${next.search}`, { token: cli.info.token });
            assert.equal(second.json.value.length, 2);
            assert.notDeepEqual(second.json.value, first.json.value);
            assert.equal((await cli.stop()).code, 0);
        });

        it("--read-budget answers GET 429 once spent, with Retry-After", async () => {
            const cli = await startCli(["--json", "--app", APP, "--read-budget", "1/60000"]);
            assert.equal((await get(cli)).status, 200);
            const throttled = await get(cli);
            assert.deepEqual([throttled.status, throttled.json.error.code], [429, "TooManyRequests"]);
            assert.ok(Number(throttled.headers.get("retry-after")) >= 59, String(throttled.headers.get("retry-after")));
            assert.equal((await cli.stop()).code, 0);
        });

        it("--no-batch answers POST /$batch with 404; without it a batch is served", async () => {
            const body = { requests: [{ id: "1", method: "GET", url: `/deviceAppManagement/mobileApps/${APP}/installSummary` }] };
            const off = await startCli(["--json", "--app", APP, "--no-batch"]);
            assert.equal((await call(off.info.url, "/beta/$batch", { method: "POST", token: off.info.token, body })).status, 404);
            assert.equal((await off.stop()).code, 0);
            const on = await startCli(["--json", "--app", APP]);
            const served = await call(on.info.url, "/beta/$batch", { method: "POST", token: on.info.token, body });
            assert.deepEqual([served.status, served.json.responses[0].status], [200, 200]);
            assert.equal((await on.stop()).code, 0);
        });

        it("--ignore-writes accepts PATCH and keeps the old values", async () => {
            const cli = await startCli(["--json", "--app", APP, "--ignore-writes"]);
            assert.equal((await patch(cli, { installedDeviceCount: 5 })).status, 204);
            assert.equal((await get(cli)).json.installedDeviceCount, 0);
            assert.equal((await cli.stop()).code, 0);
        });

        it("--apply-delay-ms makes writes visible only after the delay", async () => {
            const cli = await startCli(["--json", "--app", APP, "--apply-delay-ms", "500"]);
            const patchedAt = Date.now();
            assert.equal((await patch(cli, { installedDeviceCount: 5 })).status, 204);
            assert.equal((await get(cli)).json.installedDeviceCount, 0);
            const seenAt = await eventually(
                async () => ((await get(cli)).json.installedDeviceCount === 5 ? Date.now() : undefined),
                "the delayed write",
                40,
                50,
            );
            assert.ok(seenAt - patchedAt >= 490, `${seenAt - patchedAt} ms`);
            assert.equal((await cli.stop()).code, 0);
        });

        it("--error-rate answers that share 503 at random, the same ones for the same --seed", async () => {
            const statuses = async (args: string[]): Promise<number[]> => {
                const cli = await startCli(["--json", "--app", APP, ...args]);
                const out: number[] = [];
                for (let i = 0; i < 30; i++) {
                    out.push((await get(cli)).status);
                }
                assert.equal((await cli.stop()).code, 0);
                return out;
            };
            const first = await statuses(["--error-rate", "0.5", "--seed", "3"]);
            assert.deepEqual(await statuses(["--error-rate", "0.5", "--seed", "3"]), first);
            assert.deepEqual(new Set(first), new Set([200, 503]));
            assert.ok((await statuses(["--error-rate", "1"])).every((s) => s === 503));
        });

        it("--reset-rate resets connections at random", async () => {
            const cli = await startCli(["--json", "--app", APP, "--reset-rate", "1"]);
            await assert.rejects(get(cli), /fetch failed/);
            const requests = await call(cli.info.url, "/_emulator/requests", { token: null });
            assert.equal(requests.json[0].status, "reset");
            assert.equal((await cli.stop()).code, 0);
        });
    });

    describe("--authority", () => {
        it("starts the fake authority with random credentials; ClientSecretCredential signs in with NODE_EXTRA_CA_CERTS and Graph accepts its token", async () => {
            const cli = await startCli(["--json", "--app", APP, "--authority"]);
            const { info } = cli;
            assert.match(info.authorityUrl ?? "", /^https:\/\/127\.0\.0\.1:\d+$/);
            assert.match(info.tenantId ?? "", GUID);
            assert.match(info.clientId ?? "", GUID);
            assert.match(info.clientSecret ?? "", /^emu-secret-[0-9a-f]{36}$/);
            assert.equal(info.tokenLifetimeSeconds, 3600);
            assert.match(fs.readFileSync(info.certPath!, "utf8"), /^-----BEGIN CERTIFICATE-----/);

            const result = await requestTokenInChild({
                kind: "secret",
                authorityUrl: info.authorityUrl!,
                tenantId: info.tenantId!,
                clientId: info.clientId!,
                clientSecret: info.clientSecret!,
                caCertPath: info.certPath!,
            });
            assert.equal(result.error, undefined, result.error);
            assert.equal((await call(info.url, summaryPath(APP), { token: result.token })).status, 200);
            assert.equal((await get(cli)).status, 200, "the fixed token works as well");

            const exit = await cli.stop("SIGINT");
            assert.equal(exit.code, 0, exit.stderr);
            assert.ok(!fs.existsSync(info.certPath!), "the temporary certificate is deleted on stop");
        });

        it("the banner prints the authority URL, certificate, settings and NODE_EXTRA_CA_CERTS", async () => {
            const cli = await startCli(["--authority"]);
            const out = cli.stdout();
            const authorityUrl = /authority listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
            const certPath = /Certificate:\s+(\S+)/.exec(out)?.[1];
            assert.ok(authorityUrl && certPath, out);
            for (const line of [
                `pulumi config set intune:authorityHost ${authorityUrl}`,
                "pulumi config set intune:tenantId ",
                "pulumi config set intune:clientId ",
                "pulumi config set --secret intune:clientSecret emu-secret-",
                `export AZURE_AUTHORITY_HOST=${authorityUrl}`,
                `export NODE_EXTRA_CA_CERTS=${certPath}`,
            ]) {
                assert.ok(out.includes(line), `${line}\n---\n${out}`);
            }
            assert.equal((await cli.stop()).code, 0);
        });

        it("--tenant-id, --client-id, --client-secret, --token-lifetime-s and --authority-port set what it accepts", async () => {
            const port = await freePort();
            const tenantId = "contoso.onmicrosoft.com";
            const clientId = "66666666-7777-4888-9999-aaaaaaaaaaaa";
            const cli = await startCli([
                "--json",
                "--authority",
                "--authority-port",
                String(port),
                "--tenant-id",
                tenantId,
                "--client-id",
                clientId.toUpperCase(),
                "--client-secret",
                "s3cret~value",
                "--token-lifetime-s",
                "120",
            ]);
            const { info } = cli;
            assert.deepEqual(
                [info.authorityUrl, info.tenantId, info.clientId, info.clientSecret, info.tokenLifetimeSeconds],
                [`https://127.0.0.1:${port}`, tenantId, clientId, "s3cret~value", 120],
            );
            const ca = fs.readFileSync(info.certPath!, "utf8");
            const token = await new Promise<{ status: number; body: { expires_in?: number; access_token?: string; error_codes?: number[] } }>(
                (resolve, reject) => {
                    const req = https.request(
                        `${info.authorityUrl}/${tenantId}/oauth2/v2.0/token`,
                        { method: "POST", ca, headers: { "Content-Type": "application/x-www-form-urlencoded" } },
                        (res) => {
                            let text = "";
                            res.setEncoding("utf8").on("data", (d: string) => (text += d));
                            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
                        },
                    );
                    req.on("error", reject);
                    req.end(
                        new URLSearchParams({
                            grant_type: "client_credentials",
                            client_id: clientId,
                            client_secret: "s3cret~value",
                            scope: GRAPH_SCOPE,
                        }).toString(),
                    );
                },
            );
            assert.equal(token.status, 200);
            assert.equal(token.body.expires_in, 120);
            assert.equal((await call(info.url, "/_emulator/state", { token: null })).status, 200);
            const wrong = await requestTokenInChild({
                kind: "secret",
                authorityUrl: info.authorityUrl!,
                tenantId,
                clientId,
                clientSecret: "not-it",
                caCertPath: info.certPath!,
            });
            assert.match(wrong.error ?? "", /AADSTS7000215/);
            assert.equal((await cli.stop()).code, 0);
        });

        it("--client-certificate lets ClientCertificateCredential sign in with that certificate's key", async () => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const selfsigned = require("selfsigned") as typeof import("selfsigned");
            const pems = await selfsigned.generate([{ name: "commonName", value: "emulator-cli-client" }], { keySize: 2048, algorithm: "sha256" });
            const pemPath = path.join(scratch, "client.pem");
            fs.writeFileSync(pemPath, `${pems.private}\n${pems.cert}\n`);
            const cli = await startCli(["--json", "--app", APP, "--authority", "--client-certificate", pemPath]);
            const { info } = cli;
            const result = await requestTokenInChild({
                kind: "certificate",
                authorityUrl: info.authorityUrl!,
                tenantId: info.tenantId!,
                clientId: info.clientId!,
                certificatePath: pemPath,
                caCertPath: info.certPath!,
            });
            assert.equal(result.error, undefined, result.error);
            assert.equal((await call(info.url, summaryPath(APP), { token: result.token })).status, 200);
            assert.equal((await cli.stop()).code, 0);
        });
    });

    describe("invalid command lines exit 2 naming the flag and what it allows", () => {
        const appsFile = (name: string, content: string): string => {
            const file = path.join(scratch, name);
            fs.writeFileSync(file, content);
            return file;
        };
        const cases: Array<[string, () => string[], RegExp]> = [
            ["an unknown flag, with a suggestion", () => ["--prot", "1"], /unknown flag --prot \(did you mean --port\?\)/],
            ["a positional argument", () => ["serve"], /unexpected argument "serve"/],
            ["a missing value", () => ["--port"], /--port <value>' argument missing/],
            ["a switch with a value", () => ["--json=yes"], /'--json' does not take an argument/],
            ["a flag given twice", () => ["--port", "1", "--port", "2"], /--port is given more than once/],
            ["--port not a number", () => ["--port", "abc"], /--port: "abc" is not allowed; use a whole number 0\.\.65535/],
            ["--port out of range", () => ["--port", "70000"], /--port: "70000" is not allowed/],
            ["--token with a space", () => ["--token", "a b"], /--token: "a b" is not allowed; use one word/],
            ["--token starting with -", () => ["--token=-x"], /--token: "-x" is not allowed/],
            ["--app not a GUID", () => ["--app", "teams"], /--app: "teams" is not a mobile app id; use a GUID/],
            ["--app twice the same", () => ["--app", APP, "--app", APP.toUpperCase()], /app 3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b is given more than once/],
            ["--apps missing file", () => ["--apps", path.join(scratch, "missing.json")], /--apps: cannot read .*missing\.json: ENOENT/],
            ["--apps not JSON", () => ["--apps", appsFile("bad.json", "{")], /--apps: .*bad\.json is not valid JSON/],
            ["--apps not a list", () => ["--apps", appsFile("object.json", "{}")], /must hold a JSON list of apps/],
            [
                "--apps bad counter",
                () => ["--apps", appsFile("counter.json", JSON.stringify([{ id: APP, counters: { installedDeviceCount: -2 } }]))],
                /app\[0\]\.counters\.installedDeviceCount: -2 is not allowed; use an integer 0\.\.2147483647/,
            ],
            [
                "--apps unknown key",
                () => ["--apps", appsFile("key.json", JSON.stringify([{ id: APP, name: "x" }]))],
                /app\[0\]: unknown property 'name'; allowed: id, displayName, type, publisher, counters, summaryRetired/,
            ],
            ["--apps bad id", () => ["--apps", appsFile("id.json", JSON.stringify([{ id: "x" }]))], /app\[0\]\.id: "x" is not a mobile app id/],
            ["--random-apps negative", () => ["--random-apps", "-1"], /--random-apps/],
            ["--random-apps too many", () => ["--random-apps", "10001"], /--random-apps: "10001" is not allowed; use a whole number 0\.\.10000/],
            ["--latency-ms negative", () => ["--latency-ms=-5"], /--latency-ms: "-5" is not allowed/],
            ["--page-size 0", () => ["--page-size", "0"], /--page-size: "0" is not allowed; use a whole number 1\.\.999/],
            ["--read-budget without a window", () => ["--read-budget", "1000"], /--read-budget: "1000" is not allowed; use <reads>\/<windowMs>/],
            [
                "--apps bad type",
                () => ["--apps", appsFile("type.json", JSON.stringify([{ id: APP, type: "win32 app" }]))],
                /app\[0\]\.type: "win32 app" is not allowed; use a Graph app type/,
            ],
            ["--apply-delay-ms not a number", () => ["--apply-delay-ms", "soon"], /--apply-delay-ms: "soon" is not allowed/],
            ["--write-budget without a window", () => ["--write-budget", "100"], /--write-budget: "100" is not allowed; use <writes>\/<windowMs>/],
            ["--write-budget of 0 writes", () => ["--write-budget", "0/20000"], /--write-budget: "0\/20000" is not allowed/],
            ["--write-window unknown", () => ["--write-window", "rolling"], /--write-window: "rolling" is not allowed; use one of sliding, fixed/],
            ["--app-write-budget of 0", () => ["--app-write-budget", "0"], /--app-write-budget: "0" is not allowed; use a whole number 1\.\.1000000/],
            [
                "--write-budget-drop without its writes",
                () => ["--write-budget", "50/5000", "--write-budget-drop", "40"],
                /--write-budget-drop: "40" is not allowed; use <afterWrites>:<writes>/,
            ],
            ["--write-budget-drop without --write-budget", () => ["--write-budget-drop", "40:20"], /--write-budget-drop needs --write-budget/],
            ["--retry-after unknown", () => ["--retry-after", "later"], /--retry-after: "later" is not allowed; use one of seconds, date, none/],
            ["--patch-status 201", () => ["--patch-status", "201"], /--patch-status: "201" is not allowed; use one of 200, 204/],
            ["--get-shape unknown", () => ["--get-shape", "list"], /--get-shape: "list" is not allowed; use one of entity, wrapped/],
            ["--error-rate above 1", () => ["--error-rate", "2"], /--error-rate: "2" is not allowed; use a number 0\.\.1/],
            ["--reset-rate not a number", () => ["--reset-rate", "often"], /--reset-rate: "often" is not allowed; use a number 0\.\.1/],
            ["--seed not a number", () => ["--seed", "x"], /--seed: "x" is not allowed; use a whole number 0\.\.4294967295/],
            [
                "authority flags without --authority",
                () => ["--tenant-id", "contoso.onmicrosoft.com", "--client-id", APP],
                /--tenant-id, --client-id configure the fake sign-in authority; add --authority/,
            ],
            ["--tenant-id invalid", () => ["--authority", "--tenant-id", "not a tenant"], /--tenant-id: "not a tenant" is not allowed; use a GUID or a domain/],
            ["--client-id not a GUID", () => ["--authority", "--client-id", "my-app"], /--client-id: "my-app" is not allowed; use a GUID/],
            ["--client-secret with a quote", () => ["--authority", "--client-secret", "a'b"], /--client-secret: "a'b" is not allowed/],
            [
                "--client-certificate not a certificate",
                () => ["--authority", "--client-certificate", appsFile("nocert.pem", "hello")],
                /--client-certificate: .*nocert\.pem holds no PEM certificate/,
            ],
            ["--token-lifetime-s 0", () => ["--authority", "--token-lifetime-s", "0"], /--token-lifetime-s: "0" is not allowed; use a whole number 1\.\.86400/],
            ["--authority-port out of range", () => ["--authority", "--authority-port", "65536"], /--authority-port: "65536" is not allowed/],
        ];
        for (const [what, args, message] of cases) {
            it(what, async () => {
                const { code, stdout, stderr } = await runCli(args());
                assert.equal(code, 2, `${stdout}${stderr}`);
                assert.match(stderr, /^intune-graph-emulator: /);
                assert.match(stderr, message);
                assert.equal(stdout, "");
            });
        }
    });
});
