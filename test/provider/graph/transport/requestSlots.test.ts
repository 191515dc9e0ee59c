import { strict as assert } from "node:assert";
import { RequestSlots } from "../../../../provider/graph/transport/requestSlots";

describe("provider/graph/transport/requestSlots RequestSlots", () => {
    it("lets `limit` requests in at once and the others in order as slots are released", async () => {
        const slots = new RequestSlots(2);
        const order: number[] = [];
        const releases: Array<() => void> = [];
        const takers = [0, 1, 2, 3].map((i) => slots.acquire().then((release) => (order.push(i), releases.push(release))));
        await new Promise((resolve) => setImmediate(resolve));
        assert.deepEqual(order, [0, 1]);
        assert.equal(slots.queued, 2);
        releases[0]();
        releases[0](); // a second call releases nothing more
        await new Promise((resolve) => setImmediate(resolve));
        assert.deepEqual(order, [0, 1, 2]);
        assert.equal(slots.queued, 1);
        releases[1]();
        await Promise.all(takers);
        assert.deepEqual(order, [0, 1, 2, 3]);
        releases[2]();
        releases[3]();
        const again = await Promise.race([slots.acquire().then(() => "granted"), new Promise((resolve) => setTimeout(() => resolve("waiting"), 50))]);
        assert.equal(again, "granted", "all slots were returned");
    });
});
