import type { Connection } from "jsforce";
import { PermanentError, RetryableError } from "../../sync/errors";
import type { ApiUsage, MatchCandidate, SalesforcePort, SalesforceSession, SaveResult } from "../../sync/ports";
import { soqlString } from "./soql-literal.server";

/** Where the sync engine gets a shop's ready jsforce Connection (tokens decrypted, refresh wired). */
export interface ConnectionSource {
  connectionFor(shop: string): Promise<Connection>;
  /** Called after each API call with the Sforce-Limit-Info usage jsforce saw. */
  recordApiUsage?(shop: string, usage: ApiUsage): Promise<void>;
}

export interface SalesforcePortOptions {
  /** Counts every API call (metrics, benchmarks). */
  onApiCall?: (shop: string, kind: "upsert" | "query" | "delete") => void;
  /** Errors thrown by `connectionFor` that park the event as needs-attention (default: none). */
  isPermanentConnectError?: (error: unknown) => boolean;
}

/**
 * Duplicate rules are honoured, never bypassed: allowSave=false keeps even "Alert" rules from saving a
 * duplicate, and the DUPLICATES_DETECTED error names the matching records (duplicateResult) so the event
 * can offer to link to one. (REST API Developer Guide, "Duplicate Rule Header"; all fields default to false.)
 */
const DUPLICATE_RULE_HEADER = { "Sforce-Duplicate-Rule-Header": "allowSave=false; includeRecordDetails=false; runAsCurrentUser=false" };

/**
 * The engine's Salesforce port over jsforce. Upserts go through sObject Collections (one call per ≤200
 * records, allOrNone false); jsforce refreshes an expired session itself (refreshFn) and retries once.
 */
export function createSalesforcePort(source: ConnectionSource, options: SalesforcePortOptions = {}): SalesforcePort {
  return {
    async connect(shop) {
      let connection: Connection;
      try {
        connection = await source.connectionFor(shop);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (options.isPermanentConnectError?.(error)) throw new PermanentError(message, { code: "SALESFORCE_NOT_CONNECTED" });
        throw new RetryableError(message, { code: "SALESFORCE_CONNECT_FAILED" });
      }
      return createSession(shop, connection, source, options);
    },
  };
}

function createSession(shop: string, connection: Connection, source: ConnectionSource, options: SalesforcePortOptions): SalesforceSession {
  const usage = (): ApiUsage | null => {
    const seen = connection.limitInfo?.apiUsage;
    return seen ? { used: seen.used, limit: seen.limit } : null;
  };
  // The engine checks the budget before every call from jsforce's in-memory Sforce-Limit-Info; storing
  // it (for the admin and for other workers) happens in the background, one write at a time, so a
  // batch's round trips to Salesforce are not lengthened by database writes.
  let recording: Promise<void> | null = null;
  let latest: ApiUsage | null = null;
  const record = () => {
    if (recording || !latest || !source.recordApiUsage) return;
    const value = latest;
    latest = null;
    recording = source
      .recordApiUsage(shop, value)
      .catch(() => undefined)
      .finally(() => {
        recording = null;
        record();
      });
  };
  const afterCall = (kind: "upsert" | "query" | "delete") => {
    options.onApiCall?.(shop, kind);
    latest = usage() ?? latest;
    record();
  };
  return {
    async upsert(object, externalIdField, records, { allOrNone }) {
      if (records.length === 0) return [];
      // Collections upsert accepts external id fields only; records addressed by Id are updates
      // (PATCH /composite/sobjects), which jsforce sends for an array of records carrying Id.
      const options = { allOrNone, headers: DUPLICATE_RULE_HEADER };
      const results =
        externalIdField === "Id"
          ? await connection.sobject(object).update(records.map((record) => ({ ...record })) as never, options)
          : await connection.sobject(object).upsert(records.map((record) => ({ ...record })) as never, externalIdField, options);
      afterCall("upsert");
      return (Array.isArray(results) ? results : [results]).map(toSaveResult);
    },
    async create(object, records) {
      if (records.length === 0) return [];
      // jsforce sends an array as one POST /composite/sobjects (sObject Collections create).
      const results = await connection.sobject(object).create(records.map((record) => ({ ...record })) as never, { allOrNone: false, headers: DUPLICATE_RULE_HEADER });
      afterCall("upsert");
      return (Array.isArray(results) ? results : [results]).map(toSaveResult);
    },
    async query(soql) {
      const result = await connection.query<Record<string, unknown>>(soql, { autoFetch: true, maxFetch: 10_000 });
      afterCall("query");
      return result.records;
    },
    async delete(ids) {
      if (ids.length === 0) return [];
      // jsforce sends an array as one DELETE /composite/sobjects?ids=… (sObject Collections, API ≥ 42).
      const results = await connection.destroy("", [...ids], { allOrNone: false } as never);
      afterCall("delete");
      return (Array.isArray(results) ? results : [results]).map(toSaveResult);
    },
    async findMatches(request) {
      if (request.values.length === 0) return [];
      const wanted = request.fields ?? [];
      const fields = [...new Set(["Id", request.matchField, request.externalIdField, ...wanted])].join(", ");
      const candidates: MatchCandidate[] = [];
      // The query travels in the URL: Salesforce refuses URIs over 16,384 characters, so a large batch
      // (a backfill step) is asked in several queries, each well under it after URL encoding.
      for (const chunk of soqlValueChunks(request.values.map(soqlString), MATCH_VALUES_CHARS)) {
        const soql = `SELECT ${fields} FROM ${request.object} WHERE ${request.matchField} IN (${chunk.join(", ")})`;
        const result = await connection.query<Record<string, unknown>>(soql, { autoFetch: true, maxFetch: 10_000 });
        afterCall("query");
        for (const record of result.records) {
          candidates.push({
            id: String(record.Id),
            matchValue: String(record[request.matchField] ?? ""),
            externalId: record[request.externalIdField] == null ? null : String(record[request.externalIdField]),
            ...(wanted.length > 0 ? { values: Object.fromEntries(wanted.map((name) => [name, record[name] ?? null])) } : {}),
          });
        }
      }
      return candidates;
    },
    apiUsage: usage,
  };
}

function toSaveResult(raw: unknown): SaveResult {
  const result = raw as { success?: boolean; id?: string | null; created?: boolean; errors?: SaveResult["errors"] };
  return { success: result.success === true, id: result.id ?? null, created: result.created, errors: result.errors ?? [] };
}

/** Characters of quoted values per match query (URL-encoded they may grow up to 3x; the URI limit is 16,384). */
const MATCH_VALUES_CHARS = 4_000;

function soqlValueChunks(literals: readonly string[], maxChars: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const literal of literals) {
    if (current.length > 0 && size + literal.length + 2 > maxChars) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(literal);
    size += literal.length + 2;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
