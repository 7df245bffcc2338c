import { describe, expect, it } from "vitest";
import { createHarness } from "./support/harness";
import { customer, paidOrder } from "./support/payloads";

// When a failed batch pauses the shop (org-outage.ts): a bare 5xx (no errorCode, e.g. an HTML error page:
// HTTP_ERROR) counts as an org-level failure, but a single failed call of a one-call batch is a blip that
// retries; the shop pauses on the second failure in a row or when a batch saw several calls fail.

const bare503 = () => Object.assign(new Error("Service Unavailable"), { statusCode: 503 });
const lastOutage = (h: ReturnType<typeof createHarness>) => h.store.batches.at(-1)?.changes.outage ?? null;

describe("outage threshold", () => {
  it("one bare 5xx on a one-call batch retries (one attempt); the same events failing again pause the shop without spending more", async () => {
    const h = createHarness();
    const c = h.addEvent("customers/create", customer());
    h.salesforce.failNextCall(bare503());
    const first = await h.engine.processBatch([c.id]);
    expect(first.events[0]).toMatchObject({ outcome: "retry", attempts: 1, errorCode: "HTTP_ERROR" });
    expect(first.events[0]?.deferred ?? false).toBe(false);
    expect(lastOutage(h)).toBeNull();

    h.salesforce.failNextCall(bare503());
    const second = await h.engine.processBatch([c.id]);
    expect(second.events[0]).toMatchObject({ outcome: "retry", deferred: true, attempts: 1, errorCode: "ORG_OUTAGE" });
    expect(lastOutage(h)?.reason).toMatch(/Salesforce failed every call of the batch: HTTP_ERROR/);
  });

  it("a batch whose every call failed with a bare 5xx pauses the shop at once, attempts untouched", async () => {
    const h = createHarness();
    const o = h.addEvent("orders/create", paidOrder());
    for (let n = 0; n < 10; n++) h.salesforce.failNextCall(bare503());
    const summary = await h.engine.processBatch([o.id]);
    expect(summary.apiCalls).toBeGreaterThanOrEqual(2);
    expect(summary.events[0]).toMatchObject({ outcome: "retry", deferred: true, attempts: 0, errorCode: "ORG_OUTAGE" });
    expect(lastOutage(h)).not.toBeNull();
  });
});
