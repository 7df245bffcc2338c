// Where a merchant can look at a record itself. Client-safe: pages build these from loader data.

/** The Shopify admin page of a synced record; refunds live on their order's page. */
export function shopifyAdminUrl(shop: string, resource: string, shopifyId: string | null, orderId?: string | null): string | null {
  if ((resource === "customer" || resource === "reverse:customer") && shopifyId) return `https://${shop}/admin/customers/${shopifyId}`;
  if (resource === "order" && shopifyId) return `https://${shop}/admin/orders/${shopifyId}`;
  if (resource === "refund" && orderId) return `https://${shop}/admin/orders/${orderId}`;
  return null;
}

/** Salesforce redirects `{instanceUrl}/{id}` to the record in Lightning or Classic, whichever the user has. */
export function salesforceRecordUrl(instanceUrl: string | null, id: string): string | null {
  if (!instanceUrl || !/^[a-zA-Z0-9]{15,18}$/.test(id)) return null;
  let origin: URL;
  try {
    origin = new URL(instanceUrl);
  } catch {
    return null;
  }
  // https only (never javascript: or data:); plain http only for a local emulator on loopback.
  const loopback = origin.hostname === "127.0.0.1" || origin.hostname === "localhost";
  if (origin.protocol !== "https:" && !(origin.protocol === "http:" && loopback)) return null;
  return `${origin.origin}/${id}`;
}
