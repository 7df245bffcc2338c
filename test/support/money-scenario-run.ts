import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { WebhookTopic } from "../../app/sync/webhook-topics";
import type { OrgHandle } from "./salesforce";
import { snapshotOrg } from "./salesforce-snapshot";
import { seededRandom, toShopifyJson, type Delivery } from "./shopify-stream";
import type { SyncHarness } from "./sync-harness";

// The money scenarios' way of running a stream of webhooks: once in order on one shop, and once with
// every delivery sent twice (Shopify's retries) in a seeded shuffled order on another, each shop with
// its own org; both must end in the same Salesforce state (the same as test/integration/money-scenarios).

export type Step = { topic: WebhookTopic; payload: Record<string, unknown> };

export function deliveriesOf(shop: string, steps: readonly Step[]): Delivery[] {
  return steps.map((step, index) => ({
    topic: step.topic,
    shop,
    body: toShopifyJson(step.payload),
    eventId: randomUUID(),
    webhookId: randomUUID(),
    triggeredAt: new Date(Date.UTC(2026, 11, 1, 10, index)).toISOString(),
  }));
}

/** Every delivery twice (same event id, new webhook id), in a seeded random order. */
export function replayedAndShuffled(deliveries: readonly Delivery[], seed: number): Delivery[] {
  const doubled = deliveries.flatMap((delivery) => [delivery, { ...delivery, webhookId: randomUUID() }]);
  const random = seededRandom(seed);
  for (let i = doubled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [doubled[i], doubled[j]] = [doubled[j] as Delivery, doubled[i] as Delivery];
  }
  return doubled;
}

export interface ScenarioOptions {
  /** Shapes each shop's org and settings before its first delivery (both shops of the scenario). */
  setup?: (shop: string, org: OrgHandle) => Promise<void> | void;
  /** The status every event of the in-order shop ends in (default synced). */
  finalStatus?: "synced" | "needs-attention";
}

let counter = 0;

export async function runScenario(harness: SyncHarness, name: string, steps: readonly Step[], options: ScenarioOptions = {}) {
  counter += 1;
  const ordered = `currency-${counter}-${name}.myshopify.com`;
  const noisy = `currency-${counter}-${name}-noisy.myshopify.com`;
  for (const shop of [ordered, noisy]) await options.setup?.(shop, harness.orgFor(shop));
  await harness.deliverAll(deliveriesOf(ordered, steps));
  await harness.settle(60_000, ordered);
  await harness.deliverAll(replayedAndShuffled(deliveriesOf(noisy, steps), counter));
  await harness.settle(90_000, noisy);
  const finalStatus = options.finalStatus ?? "synced";
  expect(await harness.statuses(ordered)).toEqual({ [finalStatus]: steps.length });
  const statuses = await harness.statuses(noisy);
  expect(Object.keys(statuses).filter((status) => status !== finalStatus && status !== "skipped")).toEqual([]);
  const org = harness.orgFor(ordered);
  expect(snapshotOrg(harness.orgFor(noisy))).toEqual(snapshotOrg(org));
  const opportunity = (orderId: string) => org.records("Opportunity").find((row) => row.Shopify_Order_Id__c === orderId) as Record<string, unknown> | undefined;
  const lines = (orderId: string) => {
    const opp = opportunity(orderId);
    return org
      .records("OpportunityLineItem")
      .filter((row) => row.OpportunityId === opp?.Id)
      .map((row) => ({ id: row.Shopify_Line_Item_Id__c, quantity: row.Quantity, unitPrice: row.UnitPrice, totalPrice: row.TotalPrice, currency: row.CurrencyIsoCode ?? null }))
      .sort((a, b) => String(a.id).localeCompare(String(b.id)));
  };
  const refund = (refundId: string) => org.records("Shopify_Refund__c").find((row) => row.Shopify_Refund_Id__c === refundId) as Record<string, unknown> | undefined;
  const errors = async (shop = ordered) => {
    const { rows } = await harness.app.sql.query(`SELECT topic, status, "lastErrorCode", "lastError" FROM "WebhookEvent" WHERE shop = $1 ORDER BY "receivedAt"`, [shop]);
    return rows as Array<{ topic: string; status: string; lastErrorCode: string | null; lastError: string | null }>;
  };
  return { org, ordered, noisy, opportunity, lines, refund, errors };
}
