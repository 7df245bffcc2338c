import { DEFAULT_CUSTOMER_MAPPING, DEFAULT_CUSTOMER_PERSON_ACCOUNT_MAPPING } from "./default-customer-mapping";
import { defaultOpportunityMapping, defaultOrderObjectMapping } from "./default-order-mapping";
import { defaultRefundMapping } from "./default-refund-mapping";
import { describeIssues } from "./issue-path";
import type { MoneyBag } from "./default-money-expressions";
import type { MappingDocument, MappingDocumentInput } from "./mapping-schema";
import { parseMappingDocument } from "./parse-mapping-document";
import type { SyncResource } from "./sync-resource";

// The mappings a shop syncs with until the merchant saves its own (MappingSet version 0). They work on
// a standard org once the external-id fields exist (Shopify_Customer_Id__c on Account and Contact,
// Shopify_Order_Id__c, Shopify_Line_Item_Id__c, Shopify_Variant_Id__c on Product2 and PricebookEntry,
// and the Shopify_Refund__c object). Runtime context: standardPricebookId, and
// personAccountRecordTypeId in person-account orgs.

export interface DefaultMappingOptions {
  /** The org has person accounts: customers become person Accounts instead of Account + Contact. */
  personAccounts?: boolean;
  /** Orders become Opportunities (default) or Salesforce Orders. */
  orderModel?: "opportunity" | "order";
  /** Money of orders in the shop's currency (default) or the currency the customer saw (docs/money-model.md). */
  moneyBag?: MoneyBag;
  /** Adopt the Contact / Person Account the org already holds with the customer's email (default on). */
  matchExistingByEmail?: boolean;
  /** The org has multi-currency on: money records state CurrencyIsoCode, price book entries are per currency. */
  multiCurrency?: boolean;
}

export function defaultMappingInput(resource: SyncResource, options: DefaultMappingOptions = {}): MappingDocumentInput {
  const input = baseMappingInput(resource, options);
  return options.matchExistingByEmail === false ? input : withEmailMatching(input);
}

function baseMappingInput(resource: SyncResource, options: DefaultMappingOptions): MappingDocumentInput {
  const personAccounts = options.personAccounts ?? false;
  const orderModel = options.orderModel ?? "opportunity";
  switch (resource) {
    case "customer":
      return personAccounts ? DEFAULT_CUSTOMER_PERSON_ACCOUNT_MAPPING : DEFAULT_CUSTOMER_MAPPING;
    case "order":
      return orderModel === "order"
        ? defaultOrderObjectMapping({ personAccounts, moneyBag: options.moneyBag, multiCurrency: options.multiCurrency })
        : defaultOpportunityMapping({ personAccounts, moneyBag: options.moneyBag, multiCurrency: options.multiCurrency });
    case "refund":
      return defaultRefundMapping({ orderModel, multiCurrency: options.multiCurrency });
  }
}

export function defaultMappingDocument(resource: SyncResource, options: DefaultMappingOptions = {}): MappingDocument {
  const parsed = parseMappingDocument(defaultMappingInput(resource, options));
  // The defaults are tested; an invalid one is a programming error, not a merchant problem.
  if (!parsed.ok) throw new Error(`Default ${resource} mapping is invalid: ${describeIssues(parsed.error)}`);
  return parsed.value;
}

/** Cache key for the compiled default of a given variant (defaults are version 0). */
export function defaultMappingCacheKey(resource: SyncResource, options: DefaultMappingOptions = {}): string {
  const matching = options.matchExistingByEmail === false ? "create" : "match-email";
  return `default:${resource}:${options.personAccounts ? "person" : "business"}:${options.orderModel ?? "opportunity"}:${options.moneyBag ?? "shop_money"}:${options.multiCurrency ? "multi-currency" : "one-currency"}:${matching}`;
}

// The person a customer is: a Contact's Email, a person Account's PersonEmail. Matching on them adopts
// the record a CRM already holds (our external id is written onto it) instead of creating a duplicate.
const EMAIL_MATCH: Record<string, string> = { Contact: "Email", Account: "PersonEmail" };

function withEmailMatching(input: MappingDocumentInput): MappingDocumentInput {
  return {
    ...input,
    targets: input.targets.map((target) => {
      const field = EMAIL_MATCH[target.object];
      const mapsIt = field !== undefined && (target.fields ?? []).some((mapped) => mapped.target === field);
      const existing = target.matchKeys ?? [];
      return mapsIt && field && !existing.includes(field) ? { ...target, matchKeys: [...existing, field] } : target;
    }),
  };
}
