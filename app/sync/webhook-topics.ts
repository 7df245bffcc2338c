/**
 * The webhook topics this app subscribes to (shopify.app.toml), what each one is about, and how to find
 * the Shopify record and its version in its payload. One table, so intake, worker and UI agree.
 */
export const WEBHOOK_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/paid",
  "orders/cancelled",
  "customers/create",
  "customers/update",
  "customers/delete",
  "refunds/create",
  "app/uninstalled",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;

export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

export const RESOURCES = ["customer", "order", "refund", "app", "compliance"] as const;
export type WebhookResource = (typeof RESOURCES)[number];

const RESOURCE_BY_TOPIC: Record<WebhookTopic, WebhookResource> = {
  "orders/create": "order",
  "orders/updated": "order",
  "orders/paid": "order",
  "orders/cancelled": "order",
  "customers/create": "customer",
  "customers/update": "customer",
  "customers/delete": "customer",
  "refunds/create": "refund",
  "app/uninstalled": "app",
  "customers/data_request": "compliance",
  "customers/redact": "compliance",
  "shop/redact": "compliance",
};

export function isWebhookTopic(value: string): value is WebhookTopic {
  return (WEBHOOK_TOPICS as readonly string[]).includes(value);
}

export function resourceOfTopic(topic: WebhookTopic): WebhookResource {
  return RESOURCE_BY_TOPIC[topic];
}

/** Topics whose events are mirrored into Salesforce (the rest are handled at intake or by compliance jobs). */
export function isSyncTopic(topic: WebhookTopic): boolean {
  const resource = resourceOfTopic(topic);
  return resource === "customer" || resource === "order" || resource === "refund";
}

/**
 * Shopify sends topics in headers as `orders/create`; Shopify's libraries hand them to us as `ORDERS_CREATE`.
 */
export function normalizeTopic(raw: string): string {
  return raw.includes("/") ? raw.toLowerCase() : raw.toLowerCase().replace("_", "/");
}

export interface EventFacts {
  /** Exact id of the Shopify record the event is about, as a string. */
  shopifyId: string | null;
  /** The record's version: `updated_at`, else `created_at`; null when the payload has neither. */
  sourceUpdatedAt: Date | null;
  /**
   * The record whose queue order the event follows, when not its own: a refund follows its order, because
   * both write the order's refund record (the order mapping writes `refunds[]`) and the refund's lines hang
   * off the order's Opportunity. Keyed apart, a late refunds/create could run beside an orders/updated of
   * the same order in another batch and overwrite a settled refund with its pending money.
   */
  orderedWith: { resource: string; shopifyId: string } | null;
}

/** Reads the record id and version from a payload parsed with parseExactJson. */
export function eventFacts(topic: WebhookTopic, payload: Record<string, unknown>): EventFacts {
  const resource = resourceOfTopic(topic);
  const syncable = resource === "customer" || resource === "order" || resource === "refund";
  const rawId = syncable ? payload.id : null;
  const shopifyId = typeof rawId === "string" || typeof rawId === "number" ? String(rawId) : null;
  const rawOrderId = resource === "refund" ? payload.order_id : null;
  const orderedWith = typeof rawOrderId === "string" || typeof rawOrderId === "number" ? { resource: "order", shopifyId: String(rawOrderId) } : null;
  return { shopifyId, sourceUpdatedAt: parseTimestamp(payload.updated_at) ?? parseTimestamp(payload.created_at), orderedWith };
}

function parseTimestamp(value: unknown): Date | null {
  if (typeof value !== "string" || value === "") return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}
