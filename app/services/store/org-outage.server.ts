import type pg from "pg";
import type { Db, PgBoss } from "pg-boss";
import { enqueueSyncJobs, eventJobKey } from "../queue/sync-queue.server";

// Shop.syncOutage*: an org-level Salesforce failure pauses the shop's sync (reason, since). Its events
// wait, attempts untouched; after syncOutageProbeAfter the next batch runs as the health probe. A probe
// that fails doubles the wait (up to a cap); one that succeeds ends the outage.

export interface OutageProbePolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_OUTAGE_PROBE: OutageProbePolicy = { baseMs: 30_000, maxMs: 15 * 60_000 };

/** The probe never waits longer than an API-limit pause holds (SyncStoreDeps.pauseProbeAfterMs). */
export function outageProbeFor(pauseProbeAfterMs: number | undefined): OutageProbePolicy {
  if (pauseProbeAfterMs === undefined) return DEFAULT_OUTAGE_PROBE;
  return { baseMs: Math.min(DEFAULT_OUTAGE_PROBE.baseMs, pauseProbeAfterMs), maxMs: pauseProbeAfterMs };
}

/** Events a resume re-queues per transaction; the rest run at their deferred time. */
export const RESUME_CHUNK = 1_000;

export interface OutageState {
  since: Date;
  reason: string;
  probeAfter: Date;
}

export function outageOf(row: { syncOutageSince?: Date | null; syncOutageReason?: string | null; syncOutageProbeAfter?: Date | null } | undefined): OutageState | null {
  if (!row?.syncOutageSince) return null;
  return { since: row.syncOutageSince, reason: row.syncOutageReason ?? "Salesforce could not be reached", probeAfter: row.syncOutageProbeAfter ?? row.syncOutageSince };
}

export function outageWaitMessage(outage: OutageState): string {
  return (
    `Syncing is paused since ${outage.since.toISOString()}: ${outage.reason}. ` +
    `Events keep their attempts and resume by themselves once Salesforce answers again (next check ${outage.probeAfter.toISOString()}).`
  );
}

/** Starts or extends an outage: the first failure sets `since`; each failed probe doubles the wait. */
export async function recordOutage(client: pg.PoolClient, shop: string, reason: string, policy: OutageProbePolicy): Promise<void> {
  await client.query(
    `INSERT INTO "Shop" (shop, status, "installedAt", "updatedAt", "syncOutageSince", "syncOutageReason", "syncOutageFailures", "syncOutageProbeAfter")
     VALUES ($1, 'installed', now(), now(), now(), $2, 1, now() + $3 * interval '1 millisecond')
     ON CONFLICT (shop) DO UPDATE SET
       "syncOutageSince" = COALESCE("Shop"."syncOutageSince", now()),
       "syncOutageReason" = $2,
       "syncOutageFailures" = CASE WHEN "Shop"."syncOutageSince" IS NULL THEN 1 ELSE "Shop"."syncOutageFailures" + 1 END,
       "syncOutageProbeAfter" = now() + LEAST($4::float8, $3::float8 * power(2, CASE WHEN "Shop"."syncOutageSince" IS NULL THEN 0 ELSE LEAST("Shop"."syncOutageFailures", 30) END)) * interval '1 millisecond',
       "updatedAt" = now()`,
    [shop, reason, policy.baseMs, policy.maxMs],
  );
}

/**
 * Salesforce answered: the outage (if any) is over, and the events it deferred run now instead of at
 * their deferred time (the deferred jobs later find them settled and do nothing).
 */
export async function clearOutage(client: pg.PoolClient, db: Db, queue: PgBoss, shop: string): Promise<number> {
  const cleared = await client.query(
    `UPDATE "Shop" SET "syncOutageSince" = NULL, "syncOutageReason" = NULL, "syncOutageProbeAfter" = NULL, "syncOutageFailures" = 0, "updatedAt" = now()
      WHERE shop = $1 AND "syncOutageSince" IS NOT NULL`,
    [shop],
  );
  if (cleared.rowCount === 0) return 0;
  const { rows } = await client.query<{ id: string; resource: string; shopifyId: string | null; jobKey: string | null }>(
    `SELECT id, resource, "shopifyId", "jobKey" FROM "WebhookEvent"
      WHERE shop = $1 AND status = 'queued' AND "lastErrorCode" = 'ORG_OUTAGE' ORDER BY "receivedAt" LIMIT $2`,
    [shop, RESUME_CHUNK],
  );
  await enqueueSyncJobs(queue, db, rows.map((row) => ({ data: { eventId: row.id, shop }, key: eventJobKey(shop, row) })));
  return rows.length;
}
