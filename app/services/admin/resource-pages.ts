import { SYNC_RESOURCES, type SyncResource } from "../../sync/sync-resource";

// Admin URLs name resources in the plural (/app/mappings/orders); the database uses the singular.
// Client-safe (no server imports): routes and components share it.

export const RESOURCE_PAGES: Record<SyncResource, { slug: string; title: string; noun: string }> = {
  customer: { slug: "customers", title: "Customers", noun: "customer" },
  order: { slug: "orders", title: "Orders and line items", noun: "order" },
  refund: { slug: "refunds", title: "Refunds", noun: "refund" },
};

export function resourceFromSlug(slug: string | undefined): SyncResource | undefined {
  return SYNC_RESOURCES.find((resource) => RESOURCE_PAGES[resource].slug === slug);
}

export const RESOURCE_OPTIONS = SYNC_RESOURCES.map((resource) => ({ label: RESOURCE_PAGES[resource].title, value: resource }));
