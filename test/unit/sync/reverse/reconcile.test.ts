import { describe, expect, it } from "vitest";
import { echoVerdict } from "../../../../app/sync/reverse/echo-guard";
import { decideField, type FieldMemory } from "../../../../app/sync/reverse/reconcile";
import type { ReverseField } from "../../../../app/sync/reverse/reverse-fields";

const phone = (owner: "shopify" | "salesforce" | null, direction: "both" | "salesforce-to-shopify" = "both"): ReverseField => ({
  key: "contact.Phone",
  targetKey: "contact",
  salesforceField: "Phone",
  direction,
  owner,
  shopify: { kind: "customer-field", field: "phone" },
  label: "Contact.Phone",
});
const tags: ReverseField = { key: "contact.Description", targetKey: "contact", salesforceField: "Description", direction: "salesforce-to-shopify", owner: null, shopify: { kind: "customer-tags", separator: ";" }, label: "Contact.Description" };
const memory = (shopifyValue: string | null, salesforceValue: string | null, shopifyWrittenAt: Date | null = null): FieldMemory => ({ shopifyValue, salesforceValue, shopifyWrittenAt });

describe("decideField (Salesforce → Shopify)", () => {
  it("ignores a Salesforce value we wrote or read before (our own forward write is not news)", () => {
    expect(decideField(phone("salesforce"), "+1", "+1", memory("+1", "+1")).outcome).toBe("unchanged");
  });

  it("writes a real Salesforce change when Shopify did not move", () => {
    const decision = decideField(phone("salesforce"), " +2 ", "+1", memory("+1", "+1"));
    expect(decision).toMatchObject({ outcome: "write", writes: [{ kind: "customer-field", field: "phone", value: "+2" }], losing: null, memory: { shopifyValue: "+2", salesforceValue: "+2" } });
  });

  it("lets the owner win when both sides changed, recording the loser", () => {
    expect(decideField(phone("salesforce"), "+2", "+3", memory("+1", "+1"))).toMatchObject({ outcome: "write", losing: { side: "shopify", value: "+3" } });
    expect(decideField(phone("shopify"), "+2", "+3", memory("+1", "+1"))).toMatchObject({ outcome: "kept-shopify", writes: [], losing: { side: "salesforce", value: "+2" }, memory: { shopifyValue: "+1", salesforceValue: "+2" } });
  });

  it("sends a held Shopify edit to Salesforce when Salesforce did not move, and lets Salesforce win when it did", () => {
    const held = { ...memory("+1", "+1"), pending: { value: "+7", at: null } };
    expect(decideField(phone("salesforce"), "+1", "+7", held)).toMatchObject({ outcome: "to-salesforce", memory: { shopifyValue: "+7", salesforceValue: "+7" } });
    expect(decideField(phone("salesforce"), "+2", "+7", held)).toMatchObject({ outcome: "write", losing: { side: "shopify", value: "+7" }, memory: { salesforceValue: "+2" } });
  });

  it("remembers without writing when both sides already agree", () => {
    expect(decideField(phone("salesforce"), "+5", "+5", memory("+1", "+1"))).toMatchObject({ outcome: "in-step", writes: [] });
  });

  it("adds the tags Salesforce lists and removes only those it dropped", () => {
    const decision = decideField(tags, "VIP;Wholesale", "Newsletter\nOld", memory("Old\nVIP", "Old\nVIP"));
    expect(decision.writes).toEqual([
      { kind: "tags-add", tags: ["VIP", "Wholesale"] },
      { kind: "tags-remove", tags: ["Old"] },
    ]);
  });

  it("refuses values Shopify cannot hold, with the reason", () => {
    expect(decideField(tags, `VIP;${"x".repeat(256)}`, null, null)).toMatchObject({ outcome: "invalid", problem: expect.stringMatching(/255 characters/) });
  });
});

describe("echoVerdict (Shopify → Salesforce)", () => {
  it("drops the webhook echo of our own write and values Salesforce already has", () => {
    expect(echoVerdict(phone("salesforce"), "+2", memory("+2", "+2"), new Date())).toBe("echo");
    expect(echoVerdict(phone("salesforce"), "+9", memory("+2", "+9"), new Date())).toBe("in-step");
  });

  it("drops a Shopify change older than our write of a Salesforce-owned field, holds newer ones for the poll, forwards Shopify-owned ones", () => {
    const writtenAt = new Date("2026-12-01T12:00:00Z");
    expect(echoVerdict(phone("salesforce"), "+3", memory("+2", "+2", writtenAt), new Date("2026-12-01T11:59:59Z"))).toBe("stale");
    expect(echoVerdict(phone("salesforce"), "+3", memory("+2", "+2", writtenAt), new Date("2026-12-01T12:00:01Z"))).toBe("hold");
    expect(echoVerdict(phone("salesforce"), "+3", undefined, null)).toBe("forward");
    expect(echoVerdict(phone("shopify"), "+3", memory("+2", "+2", writtenAt), new Date("2026-12-01T11:59:59Z"))).toBe("forward");
  });
});
