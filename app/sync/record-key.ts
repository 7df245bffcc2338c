// Keys used to dedupe at each boundary: the job/record key of a Shopify record, and the identity of a
// Salesforce record (object + external id field + value) used to merge writes within a batch.

export function recordKey(shop: string, resource: string, shopifyId: string): string {
  return `${shop}:${resource}:${shopifyId}`;
}

export function salesforceIdentity(object: string, externalIdField: string, externalId: string): string {
  return `${object}|${externalIdField}|${externalId}`;
}

/**
 * Records shared by many Shopify records (a product's Product2/PricebookEntry, the order's customer
 * Account) are tracked in their own SyncRecord rows so they are created once and not re-sent per order.
 */
export function sharedResource(object: string): string {
  return `shared:${object}`;
}
