import { describe, expect, it } from "vitest";
import { coalesceEvents, eventRecordKey, newestOf, type CoalescableEvent } from "../../../app/sync/coalesce-events";

const at = (iso: string) => new Date(iso);

function event(id: string, overrides: Partial<CoalescableEvent> = {}): CoalescableEvent {
  return {
    id,
    shop: "a.myshopify.com",
    resource: "order",
    shopifyId: "820982911946154508",
    sourceUpdatedAt: at("2026-11-22T10:00:00Z"),
    triggeredAt: at("2026-11-22T10:00:01Z"),
    receivedAt: at("2026-11-22T10:00:02Z"),
    ...overrides,
  };
}

describe("coalesceEvents", () => {
  it("keys events by shop, resource and exact Shopify id", () => {
    expect(eventRecordKey(event("e1"))).toBe("a.myshopify.com:order:820982911946154508");
    expect(eventRecordKey(event("e1", { shopifyId: null }))).toBeUndefined();
  });

  it("keeps the newest payload per record and supersedes the rest", () => {
    const created = event("created", { sourceUpdatedAt: at("2026-11-22T10:00:00Z") });
    const paid = event("paid", { sourceUpdatedAt: at("2026-11-22T10:00:05Z"), receivedAt: at("2026-11-22T10:00:03Z") });
    const updated = event("updated", { sourceUpdatedAt: at("2026-11-22T10:00:04Z"), receivedAt: at("2026-11-22T10:00:09Z") });
    const result = coalesceEvents([created, paid, updated]);
    expect(result.winners.map((e) => e.id)).toEqual(["paid"]);
    expect(result.superseded.map(({ event: e, supersededBy }) => [e.id, supersededBy.id])).toEqual([
      ["created", "paid"],
      ["updated", "paid"],
    ]);
  });

  it("breaks equal updated_at by triggered-at, then arrival, then id", () => {
    const a = event("a", { triggeredAt: at("2026-11-22T10:00:02Z") });
    const b = event("b", { triggeredAt: at("2026-11-22T10:00:01Z"), receivedAt: at("2026-11-22T11:00:00Z") });
    expect(newestOf([a, b]).id).toBe("a");
    const c = event("c");
    const d = event("d");
    expect(newestOf([d, c]).id).toBe("d");
  });

  it("falls back to triggered-at for the whole group when a payload has no updated_at (deletes)", () => {
    const update = event("update", { sourceUpdatedAt: at("2026-11-22T12:00:00Z"), triggeredAt: at("2026-11-22T10:00:00Z") });
    const remove = event("delete", { sourceUpdatedAt: null, triggeredAt: at("2026-11-22T10:00:30Z") });
    expect(coalesceEvents([remove, update]).winners.map((e) => e.id)).toEqual(["delete"]);
  });

  it("never merges different records, shops or resources, and passes id-less events through", () => {
    const events = [
      event("o1"),
      event("o2", { shopifyId: "820982911946154509" }),
      event("s2", { shop: "b.myshopify.com" }),
      event("c1", { resource: "customer" }),
      event("x", { shopifyId: null }),
      event("y", { shopifyId: null }),
    ];
    const result = coalesceEvents(events);
    expect(result.winners.map((e) => e.id)).toEqual(["o1", "o2", "s2", "c1", "x", "y"]);
    expect(result.superseded).toEqual([]);
  });

  it("does not depend on input order", () => {
    const events = [event("a", { sourceUpdatedAt: at("2026-11-22T10:00:01Z") }), event("b", { sourceUpdatedAt: at("2026-11-22T10:00:03Z") }), event("c", { sourceUpdatedAt: at("2026-11-22T10:00:02Z") })];
    expect(coalesceEvents(events).winners[0]?.id).toBe("b");
    expect(coalesceEvents([...events].reverse()).winners[0]?.id).toBe("b");
  });
});
