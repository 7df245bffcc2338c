import type { SyncResource } from "./sync-resource";

// Which webhook topics the sync engine acts on. Everything else that reaches the inbox (app lifecycle,
// GDPR compliance) is handled elsewhere and only marked skipped here.
export type TopicRoute =
  | { kind: "upsert"; resource: SyncResource }
  | { kind: "delete"; resource: SyncResource }
  | { kind: "ignore"; reason: string };

const UPSERT_TOPICS: Readonly<Record<string, SyncResource>> = {
  "customers/create": "customer",
  "customers/update": "customer",
  "customers/enable": "customer",
  "customers/disable": "customer",
  "orders/create": "order",
  "orders/updated": "order",
  "orders/paid": "order",
  "orders/cancelled": "order",
  "orders/fulfilled": "order",
  "orders/partially_fulfilled": "order",
  "refunds/create": "refund",
};

const IGNORED_TOPICS: Readonly<Record<string, string>> = {
  "app/uninstalled": "App lifecycle events are handled by the install service, not synced.",
  "customers/data_request": "Privacy requests are handled by the compliance service, not synced.",
  "customers/redact": "Privacy requests are handled by the compliance service, not synced.",
  "shop/redact": "Privacy requests are handled by the compliance service, not synced.",
  // Salesforce keeps the history of an order deleted in Shopify (deleting it there loses reporting).
  "orders/delete": "Orders deleted in Shopify are kept in Salesforce.",
};

export function routeTopic(topic: string): TopicRoute {
  const resource = UPSERT_TOPICS[topic];
  if (resource) return { kind: "upsert", resource };
  if (topic === "customers/delete") return { kind: "delete", resource: "customer" };
  return { kind: "ignore", reason: IGNORED_TOPICS[topic] ?? `Topic ${topic} is not synced to Salesforce.` };
}
