/**
 * Runs a Pulumi program the way `pulumi preview` would run it, with Pulumi's mock monitor in
 * place of the engine, and writes what it registered (type, name, inputs as sent to the engine,
 * `__provider` included) as JSON to the file named by `INTUNE_RUNNER_OUTPUT`.
 *
 * Started by `runProgram` in a child process (a program registers at import time, so each run
 * needs a fresh process), with `cwd` = the program folder, `PULUMI_CONFIG` holding the stack config
 * and ts-node registered. The @pulumi/pulumi it mocks is the one the program itself resolves.
 */
import * as fs from "node:fs";
import * as path from "node:path";

interface Registration {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

const programFile = process.env.INTUNE_RUNNER_PROGRAM!;
const outputFile = process.env.INTUNE_RUNNER_OUTPUT!;
const project = process.env.INTUNE_RUNNER_PROJECT!;
const stack = process.env.INTUNE_RUNNER_STACK ?? "dev";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pulumi = require(require.resolve("@pulumi/pulumi", { paths: [path.dirname(programFile)] })) as typeof import("@pulumi/pulumi");
const registrations: Registration[] = [];

void pulumi.runtime
    .setMocks(
        {
            newResource(args) {
                registrations.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
                const appId = (args.inputs as { mobileAppId?: unknown }).mobileAppId;
                return { id: typeof appId === "string" ? appId : args.name, state: args.inputs };
            },
            call: () => ({}),
        },
        project,
        stack,
        true,
    )
    .then(() => {
        process.on("beforeExit", () => {
            if (!fs.existsSync(outputFile)) {
                fs.writeFileSync(outputFile, JSON.stringify(registrations));
            }
        });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(programFile);
    });
