import { REFUND_CURRENCY, REFUND_LINES, REFUND_STATUS, refundAmount } from "./default-money-expressions";
import type { MappingDocumentInput } from "./mapping-schema";

// refund → Shopify_Refund__c, a child of the order's Opportunity (or Order), found by the order's
// external id. The refund payload has no order total, so the parent's Amount is not touched here: Shopify
// sends orders/updated after every refund, and the order mapping writes current_total_price then.
// A refund processed before its order reaches Salesforce fails with "foreign key external ID not
// found", which is classified transient: it retries until the order has been synced.
// Shopify_Refund__c.Name should be an auto-number field, so it is not mapped.
//
// Money (docs/money-model.md): Amount__c is what reached the customer, successful refund transactions
// only; pending ones are in Pending_Amount__c, failed ones count nowhere, and a restock-only refund
// (no transactions) carries zero money and its lines. The amounts are in the transactions' currency
// (the presentment currency), stated in Currency__c. refunds/create may arrive before the payment
// settles: the order's orders/updated carries the refund's transactions again and its Opportunity or
// Order fields (Shopify_Refunded__c, Shopify_Refund_Pending__c) follow the settled state.

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
          { target: "Amount__c", expression: refundAmount("success"), transforms: [{ kind: "currency", decimals: 2 }] },
          { target: "Pending_Amount__c", expression: refundAmount("pending"), transforms: [{ kind: "currency", decimals: 2 }], skipIfMissing: true },
          { target: "Status__c", expression: REFUND_STATUS, skipIfMissing: true },
          { target: "Currency__c", expression: REFUND_CURRENCY, transforms: [{ kind: "trim" }, { kind: "truncate", length: 3 }], skipIfMissing: true },
          { target: "Refunded_Lines__c", expression: REFUND_LINES, transforms: [{ kind: "trim" }, { kind: "truncate", length: 255 }], skipIfMissing: true },
          { target: "Reason__c", source: "note", transforms: [{ kind: "trim" }, { kind: "truncate", length: 255 }] },
          { target: "Refunded_At__c", source: "created_at", transforms: [{ kind: "datetime" }] },
        ],
      },
    ],
  };
}
