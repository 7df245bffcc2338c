import { createHash } from "node:crypto";
import type pg from "pg";
import type { Db, PgBoss } from "pg-boss";
import type { WebhookTopic } from "../../sync/webhook-topics";

/** Compliance requests (and app/uninstalled) are acted on by workers, never in the webhook route. */
export const COMPLIANCE_QUEUE = "compliance-requests";
/** The hourly payload-retention scrub and history prune (a pg-boss schedule). */
export const RETENTION_QUEUE = "privacy-retention";

export const COMPLIANCE_TOPICS = ["customers/redact", "customers/data_request", "shop/redact", "app/uninstalled"] as const;
export type ComplianceTopic = (typeof COMPLIANCE_TOPICS)[number];

export function isComplianceTopic(topic: WebhookTopic): topic is ComplianceTopic {
  return (COMPLIANCE_TOPICS as readonly string[]).includes(topic);
}

export interface ComplianceJobData {
  eventId: string;
  shop: string;
  topic: ComplianceTopic;
  /** ComplianceRequest.id (absent for app/uninstalled, which has no audit row). */
  requestId?: string;
}

const COMPLIANCE_QUEUE_OPTIONS = {
  // Salesforce may be unreachable for a while; Shopify gives 30 days. Retries back off up to ~a day.
  retryLimit: 20,
  retryDelay: 60,
  retryBackoff: true,
  retryDelayMax: 24 * 3600,
  expireInSeconds: 15 * 60,
};

export async function ensurePrivacyQueues(boss: PgBoss): Promise<void> {
  if (!(await boss.getQueue(COMPLIANCE_QUEUE))) await boss.createQueue(COMPLIANCE_QUEUE, { policy: "standard", ...COMPLIANCE_QUEUE_OPTIONS });
  // One scrub at a time across every worker process.
  if (!(await boss.getQueue(RETENTION_QUEUE))) await boss.createQueue(RETENTION_QUEUE, { policy: "singleton" });
}

/** A salted hash of the customer: lets requests about one customer be matched without storing who it is. */
export function subjectHash(shop: string, customerId: string): string {
  return createHash("sha256").update(`sfsync-subject:${shop}:${customerId}`).digest("hex");
}

export function customerIdOf(payload: unknown): string | null {
  const customer = (payload as { customer?: { id?: unknown } } | null)?.customer;
  const id = customer?.id;
  return typeof id === "string" || typeof id === "number" ? String(id) : null;
}

/**
 * Inside the intake transaction: the audit row (compliance topics) and the job that acts on the request,
 * so a stored request is always acted on, and a refused one leaves nothing.
 */
export async function recordComplianceRequest(
  client: pg.PoolClient,
  boss: PgBoss,
  db: Db,
  event: { id: string; shop: string; topic: ComplianceTopic; payload: unknown },
): Promise<void> {
  let requestId: string | undefined;
  if (event.topic !== "app/uninstalled") {
    const customerId = customerIdOf(event.payload);
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO "ComplianceRequest" (id, shop, topic, "webhookEventId", "subjectHash", status, "receivedAt")
       VALUES (gen_random_uuid(), $1, $2, $3, $4, 'pending', now()) RETURNING id`,
      [event.shop, event.topic, event.id, customerId ? subjectHash(event.shop, customerId) : null],
    );
    requestId = inserted.rows[0].id;
  }
  const data: ComplianceJobData = { eventId: event.id, shop: event.shop, topic: event.topic, ...(requestId ? { requestId } : {}) };
  await boss.send(COMPLIANCE_QUEUE, data, { db });
}
