import { parseExactJson } from "../../../sync/exact-json";
import type { SyncResource } from "../../../sync/sync-resource";
// `?raw` keeps the bytes: JSON imports would go through JSON.parse and round ids above 2^53.
import customer from "./customer.json?raw";
import order from "./order.json?raw";
import refund from "./refund.json?raw";

const RAW: Record<SyncResource, string> = { customer, order, refund };

/** A fresh copy of Shopify's sample payload for the resource (callers may mutate it). */
export function samplePayload(resource: SyncResource): unknown {
  return parseExactJson(RAW[resource]);
}
