import { strict as assert } from "node:assert";
import { engineAddressOf } from "../../../provider/host/hostLifetime";

describe("provider/host/hostLifetime engineAddressOf", () => {
    const HOST = "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";
    const cases: Array<{ name: string; main: string | undefined; args: string[]; expected: ReturnType<typeof engineAddressOf> }> = [
        { name: "the host as the engine starts it", main: HOST, args: ["127.0.0.1:42617"], expected: { host: "127.0.0.1", port: 42617 } },
        {
            name: "logging and tracing flags first: the last argument is the engine",
            main: HOST,
            args: ["--logtostderr", "-v=9", "--tracing", "127.0.0.1:9411", "127.0.0.1:42617"],
            expected: { host: "127.0.0.1", port: 42617 },
        },
        { name: "an IPv6 address", main: HOST, args: ["[::1]:42617"], expected: { host: "::1", port: 42617 } },
        { name: "a host name", main: HOST, args: ["localhost:42617"], expected: { host: "localhost", port: 42617 } },
        { name: "no engine address", main: HOST, args: [], expected: undefined },
        { name: "a last argument that is no address", main: HOST, args: ["127.0.0.1:1", "--verbose"], expected: undefined },
        { name: "another program (a test runner, a script)", main: "/p/node_modules/mocha/bin/mocha.js", args: ["127.0.0.1:42617"], expected: undefined },
        { name: "an index.js elsewhere", main: "/p/index.js", args: ["127.0.0.1:42617"], expected: undefined },
        { name: "no main module (a REPL, -e)", main: undefined, args: ["127.0.0.1:42617"], expected: undefined },
    ];
    for (const c of cases) {
        it(c.name, () => assert.deepEqual(engineAddressOf(c.main, ["node", c.main ?? "", ...c.args]), c.expected));
    }
});
