import type { Connection } from "jsforce";
import type { ChangeBatch, SalesforceChange, SalesforceChangeSource } from "../../sync/reverse/change-source";
import type { ReverseObject } from "../../sync/reverse/reverse-fields";
import { readFrom } from "../../sync/reverse/change-source";
import type { ApiUsage } from "../../sync/ports";
import { soqlString } from "../salesforce/soql-literal.server";

// Polling change capture: one SOQL query per object per interval (plus one queryMore per further 2,000
// rows), reading only records that carry our external id, oldest first.

export interface SoqlChangeSourceDeps {
  connectionFor(shop: string): Promise<Connection>;
  recordApiUsage?(shop: string, usage: ApiUsage): Promise<void>;
  overlapMs: number;
  /** Upper bound of rows per poll and object; the rest is read next time (the watermark only moves over what was read). */
  maxRows?: number;
}

export function soqlDateTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function changeQuery(object: { object: string; externalIdField: string; fields: ReadonlyArray<{ salesforceField: string }> }, from: Date): string {
  const fields = [...new Set(["Id", object.externalIdField, "SystemModstamp", ...object.fields.map((field) => field.salesforceField)])];
  return (
    `SELECT ${fields.join(", ")} FROM ${object.object} ` +
    `WHERE ${object.externalIdField} != null AND SystemModstamp >= ${soqlDateTime(from)} ORDER BY SystemModstamp ASC, Id ASC`
  );
}

export function createSoqlChangeSource(deps: SoqlChangeSourceDeps): SalesforceChangeSource {
  const maxRows = deps.maxRows ?? 10_000;
  const toChange = (object: ReverseObject, row: Record<string, unknown>): SalesforceChange => ({
    id: String(row.Id),
    externalId: String(row[object.externalIdField]),
    modstamp: new Date(String(row.SystemModstamp)),
    values: Object.fromEntries(object.fields.map((field) => [field.salesforceField, row[field.salesforceField] ?? null])),
  });
  return {
    async readRecords(shop, object, externalIds) {
      if (externalIds.length === 0) return { changes: [], watermark: null, apiCalls: 0 };
      const connection = await deps.connectionFor(shop);
      const fields = [...new Set(["Id", object.externalIdField, "SystemModstamp", ...object.fields.map((field) => field.salesforceField)])];
      const changes: SalesforceChange[] = [];
      let apiCalls = 0;
      for (let start = 0; start < externalIds.length; start += 200) {
        const ids = externalIds.slice(start, start + 200).map(soqlString).join(", ");
        const result = await connection.query<Record<string, unknown>>(`SELECT ${fields.join(", ")} FROM ${object.object} WHERE ${object.externalIdField} IN (${ids})`, { autoFetch: true, maxFetch: 10_000 });
        apiCalls += 1;
        changes.push(...result.records.map((row) => toChange(object, row)));
      }
      return { changes, watermark: null, apiCalls };
    },
    async readPage(shop, object, afterId, limit) {
      const connection = await deps.connectionFor(shop);
      const fields = [...new Set(["Id", object.externalIdField, "SystemModstamp", ...object.fields.map((field) => field.salesforceField)])];
      const after = afterId === null ? "" : ` AND Id > ${soqlString(afterId)}`;
      // One query call: a LIMIT of 2,000 or less fits the first batch, so no queryMore is needed.
      const result = await connection.query<Record<string, unknown>>(`SELECT ${fields.join(", ")} FROM ${object.object} WHERE ${object.externalIdField} != null${after} ORDER BY Id ASC LIMIT ${limit}`, { autoFetch: true, maxFetch: limit });
      const changes = result.records.map((row) => toChange(object, row));
      return { changes, watermark: null, apiCalls: Math.max(1, Math.ceil(changes.length / 2000)), lastId: changes.at(-1)?.id ?? afterId, complete: changes.length < limit };
    },
    async write(shop, object, records) {
      const failed = new Map<string, string>();
      let apiCalls = 0;
      if (records.length === 0) return { failed, apiCalls };
      const connection = await deps.connectionFor(shop);
      for (let start = 0; start < records.length; start += 200) {
        const chunk = records.slice(start, start + 200);
        const results = await connection.sobject(object.object).upsert(chunk.map((record) => ({ ...record })) as never, object.externalIdField, { allOrNone: false });
        apiCalls += 1;
        [results].flat().forEach((result, index) => {
          const outcome = result as { success?: boolean; errors?: Array<{ message?: string }> };
          if (!outcome.success) failed.set(String(chunk[index][object.externalIdField]), outcome.errors?.map((error) => error.message).join("; ") ?? "Salesforce refused the record.");
        });
      }
      return { failed, apiCalls };
    },
    async read(shop, object, since): Promise<ChangeBatch> {
      const connection = await deps.connectionFor(shop);
      let result = await connection.query<Record<string, unknown>>(changeQuery(object, readFrom(since, deps.overlapMs)), { autoFetch: false });
      let apiCalls = 1;
      const rows = [...result.records];
      while (!result.done && result.nextRecordsUrl && rows.length < maxRows) {
        result = await connection.queryMore<Record<string, unknown>>(result.nextRecordsUrl);
        apiCalls += 1;
        rows.push(...result.records);
      }
      const usage = connection.limitInfo?.apiUsage;
      if (usage) await deps.recordApiUsage?.(shop, { used: usage.used, limit: usage.limit });
      const changes = rows.map((row) => toChange(object, row));
      const newest = changes.reduce<Date | null>((max, change) => (max === null || change.modstamp > max ? change.modstamp : max), null);
      return { changes, watermark: newest, apiCalls };
    },
  };
}
