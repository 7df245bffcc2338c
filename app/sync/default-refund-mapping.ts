import { REFUND_AMOUNT } from "./default-expressions";
import type { MappingDocumentInput } from "./mapping-schema";

// refund → Shopify_Refund__c, a child of the order's Opportunity (or Order), found by the order's
// external id. The refund payload has no order total, so the parent's Amount is not touched here: Shopify
// sends orders/updated after every refund, and the order mapping writes current_total_price then.
// A refund processed before its order reaches Salesforce fails with "foreign key external ID not
// found", which is classified transient: it retries until the order has been synced.
// Shopify_Refund__c.Name should be an auto-number field, so it is not mapped.

export function defaultRefundMapping({ orderModel }: { orderModel: "opportunity" | "order" }): MappingDocumentInput {
  const parent =
    orderModel === "opportunity"
      ? { relationshipName: "Opportunity__r", object: "Opportunity" }
      : { relationshipName: "Order__r", object: "Order" };
  return {
    schemaVersion: 1,
    resource: "refund",
    targets: [
      {
        key: "refund",
        label: "Refund",
        object: "Shopify_Refund__c",
        externalIdField: "Shopify_Refund_Id__c",
        externalIdSource: "id",
        references: [
          { ...parent, externalIdField: "Shopify_Order_Id__c", source: "order_id", required: true, ownership: "create-only" },
        ],
        fields: [
          { target: "Amount__c", expression: REFUND_AMOUNT, transforms: [{ kind: "currency", decimals: 2 }] },
          { target: "Reason__c", source: "note", transforms: [{ kind: "trim" }, { kind: "truncate", length: 255 }] },
          { target: "Refunded_At__c", source: "created_at", transforms: [{ kind: "datetime" }] },
        ],
      },
    ],
  };
}
