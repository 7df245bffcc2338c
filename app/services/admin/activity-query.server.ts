import { Prisma } from "@prisma/client";
import type { EventStatus } from "../../sync/event-status";
import { RESOURCES } from "../../sync/webhook-topics";

// The activity list's one query: keyset pagination on (receivedAt DESC, id ASC) — exactly the order of
// the index WebhookEvent(shop, receivedAt DESC, id) — so page 2,000 costs what page 1 costs. With a status
// filter PostgreSQL takes WebhookEvent(shop, status, receivedAt DESC) instead. The payload is never read.

export const FAILED_STATUSES: readonly EventStatus[] = ["needs-attention", "dead"];
export const PENDING_STATUSES: readonly EventStatus[] = ["received", "queued"];

export interface Cursor {
  receivedAt: Date;
  id: string;
}

export interface ActivityFilters {
  /** A Shopify id (digits: exact match) or any text (ILIKE on the Shopify id and topic). */
  q?: string;
  resource?: string;
  /** One status, or a group: "failed" (needs-attention + dead), "pending" (received + queued). */
  status?: EventStatus | "failed" | "pending";
  /** Inclusive UTC days, YYYY-MM-DD. */
  from?: string;
  to?: string;
  after?: Cursor;
  before?: Cursor;
}

export interface ActivityRow {
  id: string;
  topic: string;
  resource: string;
  shopifyId: string | null;
  status: string;
  attempts: number;
  receivedAt: Date;
  processedAt: Date | null;
  lastError: string | null;
  lastErrorCode: string | null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

function statusesOf(status: ActivityFilters["status"]): readonly string[] | null {
  if (!status) return null;
  if (status === "failed") return FAILED_STATUSES;
  if (status === "pending") return PENDING_STATUSES;
  return [status];
}

/** `limit` rows in display order (newest first), or the rows before `before` (read backwards). */
export function activityQuery(shop: string, filters: ActivityFilters, limit: number): Prisma.Sql {
  const where: Prisma.Sql[] = [Prisma.sql`shop = ${shop}`];
  const statuses = statusesOf(filters.status);
  if (statuses) where.push(statuses.length === 1 ? Prisma.sql`status = ${statuses[0]}` : Prisma.sql`status IN (${Prisma.join(statuses)})`);
  if (filters.resource) where.push(Prisma.sql`resource = ${filters.resource}`);
  const exactId = filters.q && /^\d{3,}$/.test(filters.q) ? filters.q : undefined;
  // A pasted Shopify id is looked up exactly on (shop, resource, shopifyId, …): listing every resource lets
  // PostgreSQL use that index without a resource filter. Other text is a plain ILIKE on the id and topic.
  if (exactId && !filters.resource) where.push(Prisma.sql`resource IN (${Prisma.join(RESOURCES)})`);
  if (filters.from) where.push(Prisma.sql`"receivedAt" >= ${new Date(`${filters.from}T00:00:00.000Z`)}`);
  if (filters.to) where.push(Prisma.sql`"receivedAt" < ${new Date(Date.parse(`${filters.to}T00:00:00.000Z`) + 86_400_000)}`);
  if (exactId) where.push(Prisma.sql`"shopifyId" = ${exactId}`);
  else if (filters.q) {
    const like = `%${escapeLike(filters.q)}%`;
    where.push(Prisma.sql`("shopifyId" ILIKE ${like} OR topic ILIKE ${like})`);
  }
  const backwards = !filters.after && Boolean(filters.before);
  const cursor = filters.after ?? filters.before;
  if (cursor) {
    // The index runs receivedAt DESC but id ASC, so a row comparison cannot express "after"; the
    // redundant range (<= / >=) is what PostgreSQL turns into an index condition, the OR only filters ties.
    where.push(
      backwards
        ? Prisma.sql`"receivedAt" >= ${cursor.receivedAt} AND ("receivedAt" > ${cursor.receivedAt} OR id < ${cursor.id})`
        : Prisma.sql`"receivedAt" <= ${cursor.receivedAt} AND ("receivedAt" < ${cursor.receivedAt} OR id > ${cursor.id})`,
    );
  }
  const order = backwards ? Prisma.sql`ORDER BY "receivedAt" ASC, id DESC` : Prisma.sql`ORDER BY "receivedAt" DESC, id ASC`;
  return Prisma.sql`SELECT id, topic, resource, "shopifyId", status, attempts, "receivedAt", "processedAt",
                           left("lastError", 300) AS "lastError", "lastErrorCode"
                      FROM "WebhookEvent" WHERE ${Prisma.join(where, " AND ")} ${order} LIMIT ${limit}`;
}

export function encodeCursor(row: Pick<ActivityRow, "receivedAt" | "id">): string {
  return `${row.receivedAt.toISOString()}_${row.id}`;
}

export function decodeCursor(text: string | undefined): Cursor | undefined {
  const match = text ? /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_([\w-]{1,64})$/.exec(text) : null;
  if (!match || Number.isNaN(Date.parse(match[1]))) return undefined;
  return { receivedAt: new Date(match[1]), id: match[2] };
}
