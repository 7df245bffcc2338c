import type pg from "pg";
import type { Logger } from "../logging/logger.server";
import type { SalesforceConnections } from "../salesforce/index.server";
import { DEFAULT_OVERLAP_MS, DEFAULT_POLL_INTERVAL_MS } from "../../sync/reverse/change-source";
import { createFieldMemoryStore } from "./field-memory-store.server";
import { offlineAdminClient } from "./offline-admin-client.server";
import { createReverseSync } from "./reverse-sync.server";
import { startReverseSyncScheduler, type ReverseSyncScheduler } from "./scheduler.server";
import { createSoqlChangeSource } from "./soql-change-source.server";

/** The worker's Salesforce → Shopify poll. REVERSE_SYNC_POLL_MS (default 60000; 0 turns it off), REVERSE_SYNC_OVERLAP_MS. */
export function startReverseSyncFromEnv(deps: { pool: pg.Pool; connections: SalesforceConnections; logger: Logger; env: NodeJS.ProcessEnv }): ReverseSyncScheduler {
  const intervalMs = Number(deps.env.REVERSE_SYNC_POLL_MS ?? DEFAULT_POLL_INTERVAL_MS);
  const reverse = createReverseSync({
    pool: deps.pool,
    changeSource: createSoqlChangeSource({
      connectionFor: (shop) => deps.connections.connectionFor(shop),
      recordApiUsage: (shop, usage) => deps.connections.recordApiUsage(shop, usage),
      overlapMs: Number(deps.env.REVERSE_SYNC_OVERLAP_MS ?? DEFAULT_OVERLAP_MS),
    }),
    memory: createFieldMemoryStore(deps.pool),
    shopifyClientFor: offlineAdminClient,
    budgetAllows: (shop) => deps.connections.budgetAllows(shop),
  });
  return startReverseSyncScheduler({ pool: deps.pool, reverse, intervalMs: Number.isFinite(intervalMs) ? intervalMs : DEFAULT_POLL_INTERVAL_MS, logger: deps.logger });
}
