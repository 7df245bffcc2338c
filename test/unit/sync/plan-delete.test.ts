import { describe, expect, it } from "vitest";
import { defaultMappingInput } from "../../../app/sync/default-mappings";
import type { MappingDocumentInput } from "../../../app/sync/mapping-schema";
import { parseMappingDocument } from "../../../app/sync/parse-mapping-document";
import { planDeletedCustomer } from "../../../app/sync/plan-delete";
import type { SyncRecordState } from "../../../app/sync/ports";

function document(input: MappingDocumentInput) {
  const parsed = parseMappingDocument(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

const synced: SyncRecordState = {
  resource: "customer",
  shopifyId: "706405506930370084",
  salesforceIds: { account: "001000000000001AAA", contact: "003000000000001AAA" },
  contentHashes: {},
  sourceUpdatedAt: null,
  status: "synced",
  lastEventId: "e1",
  lastSyncedAt: null,
};

describe("planDeletedCustomer", () => {
  it("leaves Salesforce alone with the default policy", () => {
    const plan = planDeletedCustomer(document(defaultMappingInput("customer")), synced);
    expect(plan.records).toEqual([]);
    expect(plan.note).toContain("policy: ignore");
  });

  it("marks the synced records by their Salesforce id with mark-deleted", () => {
    const input = { ...defaultMappingInput("customer"), policies: { deletedCustomers: { action: "mark-deleted" as const, fields: { Shopify_Deleted__c: true } } } };
    const plan = planDeletedCustomer(document(input), synced);
    expect(plan.records.map((record) => [record.object, record.externalIdField, record.externalId, record.fields])).toEqual([
      ["Account", "Id", "001000000000001AAA", { Shopify_Deleted__c: true }],
      ["Contact", "Id", "003000000000001AAA", { Shopify_Deleted__c: true }],
    ]);
    expect(plan.note).toBeNull();
  });

  it("limits marking to the listed targets and writes nothing for a customer never synced", () => {
    const input = { ...defaultMappingInput("customer"), policies: { deletedCustomers: { action: "mark-deleted" as const, targets: ["contact"], fields: { Description: "Deleted in Shopify" } } } };
    expect(planDeletedCustomer(document(input), synced).records.map((record) => record.object)).toEqual(["Contact"]);
    const never = planDeletedCustomer(document(input), null);
    expect(never.records).toEqual([]);
    expect(never.note).toContain("never synced");
  });
});
