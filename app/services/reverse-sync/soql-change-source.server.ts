import type { Connection } from "jsforce";
import type { ChangeBatch, SalesforceChange, SalesforceChangeSource } from "../../sync/reverse/change-source";
import { readFrom } from "../../sync/reverse/change-source";
import type { ApiUsage } from "../../sync/ports";

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
  return {
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
      const changes: SalesforceChange[] = rows.map((row) => ({
        id: String(row.Id),
        externalId: String(row[object.externalIdField]),
        modstamp: new Date(String(row.SystemModstamp)),
        values: Object.fromEntries(object.fields.map((field) => [field.salesforceField, row[field.salesforceField] ?? null])),
      }));
      const newest = changes.reduce<Date | null>((max, change) => (max === null || change.modstamp > max ? change.modstamp : max), null);
      return { changes, watermark: newest, apiCalls };
    },
  };
}
