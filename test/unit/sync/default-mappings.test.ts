import { describe, expect, it } from "vitest";
import { applyMapping } from "../../../app/sync/apply-mapping";
import { compileMapping } from "../../../app/sync/compile-mapping";
import { defaultMappingCacheKey, defaultMappingDocument, defaultMappingInput } from "../../../app/sync/default-mappings";
import { preflightRecord } from "../../../app/sync/describe-preflight";
import { applyOwnership } from "../../../app/sync/ownership";
import { parseMappingDocument } from "../../../app/sync/parse-mapping-document";
import { createDescribeLookup } from "../../../app/sync/sobject-describe";
import { STANDARD_PRICEBOOK_ID } from "./support/harness";
import { STANDARD_ORG_DESCRIBES } from "./support/org-describes";
import { customer, guestOrder, paidOrder, refund } from "./support/payloads";

const variants = [
  { personAccounts: false, orderModel: "opportunity" as const },
  { personAccounts: true, orderModel: "opportunity" as const },
  { personAccounts: false, orderModel: "order" as const },
  { personAccounts: true, orderModel: "order" as const },
];

describe("default mappings", () => {
  it.each(variants)("parse for every resource (%o)", (options) => {
    for (const resource of ["customer", "order", "refund"] as const) {
      expect(parseMappingDocument(defaultMappingInput(resource, options)).ok).toBe(true);
    }
  });

  it("have one cache key per variant", () => {
    const keys = new Set(variants.flatMap((options) => (["customer", "order", "refund"] as const).map((resource) => defaultMappingCacheKey(resource, options))));
    expect(keys.size).toBe(12);
  });

  it("use the external-id fields the setup check creates", () => {
    const externalIds = (["customer", "order", "refund"] as const).flatMap((resource) =>
      defaultMappingDocument(resource).targets.map((target) => `${target.object}.${target.externalIdField}`),
    );
    expect(new Set(externalIds)).toEqual(
      new Set([
        "Account.Shopify_Customer_Id__c",
        "Contact.Shopify_Customer_Id__c",
        "Product2.Shopify_Variant_Id__c",
        "PricebookEntry.Shopify_Variant_Id__c",
        "Opportunity.Shopify_Order_Id__c",
        "OpportunityLineItem.Shopify_Line_Item_Id__c",
        "Shopify_Refund__c.Shopify_Refund_Id__c",
      ]),
    );
  });

  const describes = createDescribeLookup(STANDARD_ORG_DESCRIBES);
  const samples = [
    ["customer", customer()],
    ["order", paidOrder()],
    ["order", guestOrder()],
    ["refund", refund()],
  ] as const;

  it.each(samples)("pass the pre-flight of a standard org, on create and on update (%s)", async (resource, payload) => {
    for (const orderModel of ["opportunity", "order"] as const) {
      const mapping = compileMapping(defaultMappingDocument(resource, { orderModel }), `${resource}-${orderModel}`);
      const { records, violations } = await applyMapping(mapping, payload, { standardPricebookId: STANDARD_PRICEBOOK_ID });
      expect(violations).toEqual([]);
      for (const exists of [false, true]) {
        for (const record of records) {
          const result = preflightRecord(applyOwnership(record, { exists }), { exists, describes, resource });
          expect({ key: record.key, exists, violations: result.violations }).toEqual({ key: record.key, exists, violations: [] });
        }
      }
    }
  });
});
