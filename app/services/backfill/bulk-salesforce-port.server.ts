import type { Connection } from "jsforce";
import { DEFAULT_BULK_THRESHOLD, COLLECTION_SIZE } from "../../sync/backfill-plan";
import type { SalesforcePort, SalesforceSession, SaveResult } from "../../sync/ports";
import type { ConnectionSource } from "../salesforce/sync-session.server";

// The engine's Salesforce port for backfills: the same session as webhooks (sObject Collections,
// ≤200 a call), except that an upsert of more than `threshold` records of one object goes through
// Bulk API 2.0 ingest (jsforce bulk2): one job, a handful of calls instead of one per 200. Bulk results
// (successful / failed / unprocessed CSV rows) come back as one SaveResult per record, in order, so the
// engine records SyncRecord and SyncAttempt exactly as for webhooks.

export interface BulkPortOptions {
  threshold?: number;
  pollIntervalMs?: number;
  pollTimeoutMs?: number;
  /** Counts API calls spent on Bulk jobs (each job: create, upload, close, polls, results). */
  onBulkJob?: (shop: string, object: string, records: number) => void;
}

/** Bulk API CSV: nested parent references become `Parent.ExtId__c` columns, null becomes #N/A. */
export function toBulkRow(record: Record<string, unknown>, prefix = ""): Record<string, string> {
  const row: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === "attributes") continue;
    const column = `${prefix}${key}`;
    if (value === null) row[column] = "#N/A";
    else if (value === undefined) continue;
    else if (typeof value === "object" && !Array.isArray(value)) Object.assign(row, toBulkRow(value as Record<string, unknown>, `${column}.`));
    else row[column] = Array.isArray(value) ? value.join(";") : String(value);
  }
  return row;
}

/** "CODE:message:fields --" (Bulk API failed-results sf__Error) → a collections-style error. */
export function parseBulkError(cell: string): SaveResult["errors"][number] {
  const match = /^([A-Z_]+):(.*?)(?::([^:]*) --)?$/s.exec(cell.trim());
  if (!match) return { statusCode: "UNKNOWN_EXCEPTION", message: cell, fields: [] };
  return { statusCode: match[1], message: match[2], fields: match[3] ? match[3].split(",").filter(Boolean) : [] };
}

type CsvRow = Record<string, string>;

/**
 * One ingest job: create, upload, close, poll, then only the result files that have rows. The job's
 * own counts (numberRecordsProcessed / numberRecordsFailed, developer.salesforce.com Bulk API 2.0 "Get
 * Job Info") say which: a job with no failures needs no failed-results call, and unprocessed rows are
 * never fetched (a row in neither file is treated as unprocessed). Two calls fewer per job than jsforce's
 * loadAndWaitForResults, which always downloads all three files.
 */
async function runIngestJob(connection: Connection, object: string, externalIdField: string, input: Array<Record<string, string>>, options: BulkPortOptions): Promise<{ successful: CsvRow[]; failed: CsvRow[] }> {
  const job = connection.bulk2.createJob({ object, operation: "upsert", externalIdFieldName: externalIdField });
  try {
    await job.open();
    await job.uploadData(input);
    await job.close();
    await job.poll(options.pollIntervalMs ?? 1_000, options.pollTimeoutMs ?? 30 * 60_000);
  } catch (error) {
    if ((error as Error).name !== "JobPollingTimeoutError") await job.delete().catch(() => undefined);
    throw error;
  }
  const info = job.getInfo() as { numberRecordsProcessed?: number; numberRecordsFailed?: number };
  const processed = Number(info.numberRecordsProcessed ?? input.length);
  const failedCount = Number(info.numberRecordsFailed ?? 0);
  const [successful, failed] = await Promise.all([
    processed - failedCount > 0 ? job.getSuccessfulResults() : Promise.resolve([]),
    failedCount > 0 ? job.getFailedResults() : Promise.resolve([]),
  ]);
  return { successful: successful as unknown as CsvRow[], failed: failed as unknown as CsvRow[] };
}

async function bulkUpsert(connection: Connection, object: string, externalIdField: string, records: ReadonlyArray<Record<string, unknown>>, options: BulkPortOptions): Promise<SaveResult[]> {
  const rows = records.map((record) => toBulkRow(record));
  // Every row names every column (CSV has one header); a column a record does not set stays empty,
  // which Bulk API reads as "leave the field alone".
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const input = rows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column] ?? ""])));
  const results = await runIngestJob(connection, object, externalIdField, input, options);
  const byKey = new Map<string, SaveResult>();
  for (const row of results.successful) {
    byKey.set(row[externalIdField], { success: true, id: row.sf__Id, created: row.sf__Created === "true", errors: [] });
  }
  for (const row of results.failed) {
    byKey.set(row[externalIdField], { success: false, id: row.sf__Id || null, created: false, errors: [parseBulkError(row.sf__Error ?? "")] });
  }
  return records.map((record) => {
    const found = byKey.get(String(record[externalIdField]));
    // Unprocessed (job aborted or failed before reaching the row): retried like a lock error.
    return found ?? { success: false, id: null, created: false, errors: [{ statusCode: "UNABLE_TO_LOCK_ROW", message: "Salesforce did not process this record in the Bulk API job; it is sent again.", fields: [] }] };
  });
}

export function createBulkSalesforcePort(source: ConnectionSource, inner: SalesforcePort, options: BulkPortOptions = {}): SalesforcePort {
  const threshold = options.threshold ?? DEFAULT_BULK_THRESHOLD;
  return {
    async connect(shop) {
      const session = await inner.connect(shop);
      const connection = await source.connectionFor(shop);
      const bulkSession: SalesforceSession = {
        async upsert(object, externalIdField, records, callOptions) {
          if (records.length > threshold) {
            options.onBulkJob?.(shop, object, records.length);
            return bulkUpsert(connection, object, externalIdField, records, options);
          }
          const results: SaveResult[] = [];
          for (let start = 0; start < records.length; start += COLLECTION_SIZE) {
            results.push(...(await session.upsert(object, externalIdField, records.slice(start, start + COLLECTION_SIZE), callOptions)));
          }
          return results;
        },
        delete: (ids) => session.delete(ids),
        findMatches: (request) => session.findMatches(request),
        create: session.create?.bind(session),
        query: session.query?.bind(session),
        apiUsage: () => session.apiUsage(),
      };
      return bulkSession;
    },
  };
}
