/** The resource class under Pulumi's mocks: type token, inputs as sent to the engine, outputs. */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { COUNTER_NAMES } from "../../../provider/model/fields";
import { MobileAppInstallSummary } from "../../../provider/program/resource";
import { APP_IDS } from "../../support/fixtures";

describe("provider/program/resource MobileAppInstallSummary", () => {
    const registered: pulumi.runtime.MockResourceArgs[] = [];

    before(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource(args) {
                    registered.push(args);
                    // Stand in for the provider: echo inputs and add what Graph returns.
                    return { id: String(args.inputs.mobileAppId), state: { ...args.inputs, summaryId: "summary-1", installedUserCount: 9 } };
                },
                call: () => ({}),
            },
            "test-project",
            "test",
            false,
        );
    });

    const output = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply((v) => resolve(v)));

    it("registers the type token pulumi-nodejs:dynamic/intune:MobileAppInstallSummary as a dynamic resource", async () => {
        const r = new MobileAppInstallSummary("teams", { mobileAppId: APP_IDS[0], installedDeviceCount: 4 });
        assert.ok(r instanceof pulumi.dynamic.Resource);
        assert.equal(await output(r.id), APP_IDS[0]);
        const args = registered.find((a) => a.name === "teams")!;
        assert.equal(args.type, "pulumi-nodejs:dynamic/intune:MobileAppInstallSummary");
    });

    it("sends the declared inputs and the serialized provider; undeclared counters are not inputs", async () => {
        new MobileAppInstallSummary("outlook", { mobileAppId: APP_IDS[1], failedUserCount: 15, restoreOnDestroy: true });
        await new Promise((resolve) => setImmediate(resolve));
        const args = registered.find((a) => a.name === "outlook")!;
        const { __provider, ...inputs } = args.inputs as Record<string, unknown>;
        assert.deepEqual(inputs, { mobileAppId: APP_IDS[1], failedUserCount: 15, restoreOnDestroy: true });
        assert.equal(typeof __provider, "string");
        assert.match(__provider as string, /require\("pulumi-intune-install-summary\/dynamic-provider"\)/);
    });

    it("passes a misspelt property on, so the provider's check can name it", async () => {
        const untyped = { mobileAppId: APP_IDS[2], installedDeviceCnt: 3 } as unknown as ConstructorParameters<typeof MobileAppInstallSummary>[1];
        new MobileAppInstallSummary("typo", untyped);
        await new Promise((resolve) => setImmediate(resolve));
        assert.equal(registered.find((a) => a.name === "typo")!.inputs.installedDeviceCnt, 3);
    });

    it("has an output for mobileAppId, summaryId and every counter of the field table", async () => {
        const r = new MobileAppInstallSummary("outputs", { mobileAppId: APP_IDS[0], installedDeviceCount: 4 });
        assert.equal(await output(r.summaryId), "summary-1");
        assert.equal(await output(r.mobileAppId), APP_IDS[0]);
        assert.equal(await output(r.installedDeviceCount), 4);
        assert.equal(await output(r.installedUserCount), 9);
        for (const name of COUNTER_NAMES) {
            assert.ok(pulumi.Output.isInstance(r[name]), `${name} is an Output`);
        }
    });
});
