import type { ShopSyncConfig, SyncEvent } from "../../../../app/sync/ports";
import { createSyncEngine, type SyncEngineDeps } from "../../../../app/sync/sync-batch";
import { FakeSalesforce } from "./fake-salesforce";
import { FakeStore } from "./fake-store";
import type { Json } from "./fixtures";
import { STANDARD_ORG_DESCRIBES } from "./org-describes";

export const SHOP = "snowdevil.myshopify.com";
export const STANDARD_PRICEBOOK_ID = "01s000000000001AAA";

export function standardConfig(overrides: Partial<ShopSyncConfig> = {}): ShopSyncConfig {
  return {
    shop: SHOP,
    paused: false,
    mappings: {},
    rules: [],
    describes: STANDARD_ORG_DESCRIBES,
    personAccounts: false,
    context: { standardPricebookId: STANDARD_PRICEBOOK_ID },
    apiReservePercent: 20,
    ...overrides,
  };
}

/** A clock tests move by hand. */
export class ManualClock {
  constructor(public current = new Date("2026-11-22T10:00:00Z")) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

const TOPIC_RESOURCE: Record<string, string> = { customers: "customer", orders: "order", refunds: "refund", app: "app", shop: "compliance" };

export function createHarness(options: { config?: Partial<ShopSyncConfig>; engine?: Partial<SyncEngineDeps>; random?: () => number } = {}) {
  const store = new FakeStore();
  const salesforce = new FakeSalesforce(STANDARD_ORG_DESCRIBES);
  const clock = new ManualClock();
  store.setConfig(standardConfig(options.config));
  const engine = createSyncEngine({ store, salesforce, clock, random: options.random ?? (() => 0.5), ...options.engine });
  let sequence = 0;

  function addEvent(topic: string, payload: Json, extra: Partial<SyncEvent> = {}): SyncEvent {
    sequence += 1;
    const updatedAt = typeof payload.updated_at === "string" ? new Date(payload.updated_at) : typeof payload.created_at === "string" ? new Date(payload.created_at) : null;
    const event: SyncEvent = {
      id: `evt-${String(sequence).padStart(4, "0")}`,
      shop: SHOP,
      topic,
      resource: TOPIC_RESOURCE[topic.split("/")[0] ?? ""] ?? "app",
      shopifyId: payload.id === undefined || payload.id === null ? null : String(payload.id),
      triggeredAt: new Date(clock.now().getTime() + sequence),
      sourceUpdatedAt: updatedAt,
      receivedAt: new Date(clock.now().getTime() + sequence),
      payload,
      status: "queued",
      attempts: 0,
      ...extra,
    };
    store.addEvent(event);
    return event;
  }

  return { store, salesforce, clock, engine, addEvent };
}
