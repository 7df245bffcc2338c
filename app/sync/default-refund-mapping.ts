import { refundAmount, refundCurrency, refundLines, refundStatus } from "./default-money-expressions";
import type { Ownership } from "./mapping-schema";
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
// settles: the orders/updated Shopify sends later carries the order's refunds with their transactions,
// and the order mapping writes the same Shopify_Refund__c records from it ("always"). So the refund
// record is shared (tracked by its Salesforce identity across both resources) and refunds/create
// writes its money only when it creates the record: a late or replayed refunds/create never turns a
// settled refund back to pending.

type Target = MappingDocumentInput["targets"][number];

/**
 * The refund record's fields, evaluated on a refund payload (on = "") or an order's refunds[] element.
 * In a multi-currency org the record's CurrencyIsoCode is the currency its amounts are in (the
 * transactions', i.e. the presentment currency), whatever the order's money setting.
 */
export function refundFields(on: string, money: Ownership, multiCurrency = false): NonNullable<Target["fields"]> {
  const currency: NonNullable<Target["fields"]> = multiCurrency ? [{ target: "CurrencyIsoCode", expression: refundCurrency(on), ownership: money }] : [];
  return [
    ...currency,
    { target: "Amount__c", expression: refundAmount("success", on), ownership: money, transforms: [{ kind: "currency", decimals: 2 }] },
    { target: "Pending_Amount__c", expression: refundAmount("pending", on), ownership: money, transforms: [{ kind: "currency", decimals: 2 }], skipIfMissing: true },
    { target: "Status__c", expression: refundStatus(on), ownership: money, skipIfMissing: true },
    { target: "Currency__c", expression: refundCurrency(on), ownership: money, transforms: [{ kind: "trim" }, { kind: "truncate", length: 3 }], skipIfMissing: true },
    { target: "Refunded_Lines__c", expression: refundLines(on), ownership: money, transforms: [{ kind: "trim" }, { kind: "truncate", length: 255 }], skipIfMissing: true },
    { target: "Reason__c", source: `${on}note`, ownership: "create-only", transforms: [{ kind: "trim" }, { kind: "truncate", length: 255 }] },
    { target: "Refunded_At__c", source: `${on}created_at`, ownership: "create-only", transforms: [{ kind: "datetime" }] },
  ];
}

export function defaultRefundMapping({ orderModel, multiCurrency = false }: { orderModel: "opportunity" | "order"; multiCurrency?: boolean }): MappingDocumentInput {
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
        shared: true,
        fields: refundFields("", "create-only", multiCurrency),
      },
    ],
  };
}
