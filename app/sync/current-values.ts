import { isBlank } from "./json-value";
import type { MatchCandidate, SalesforceSession } from "./ports";
import type { PlannedRecord } from "./planned-record";

// `if-blank` fields are written only while Salesforce has no value (ownership.ts). Their current values
// are read once per batch, never per record:
//   - for records about to be adopted by a match key, in the match query itself (its SELECT lists them);
//   - for records that already exist, in one `SELECT Id, <fields> FROM <object> WHERE Id IN (…)` per
//     object (≤200 ids a query) — only for records that have a non-blank if-blank value to offer.
// A record created now needs no read. When a read fails, if-blank fields are left alone (as before:
// the CRM's value is never overwritten on a guess).

const MAX_IDS = 200;
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** Current values by the 15-character Salesforce id (18-character ids differ only by a checksum). */
export type CurrentValues = Map<string, Record<string, unknown>>;

export const idKey = (id: string) => id.slice(0, 15);

/** The record's if-blank fields that have something to write (scalars; references are never if-blank reads). */
export function ifBlankFields(record: PlannedRecord): string[] {
  return Object.entries(record.fields)
    .filter(([name, value]) => record.ownership[name] === "if-blank" && !isBlank(value) && typeof value !== "object")
    .map(([name]) => name);
}

export interface CurrentValuesRequest {
  object: string;
  ids: string[];
  fields: string[];
}

export function collectCurrentValueRequests(records: ReadonlyArray<{ record: PlannedRecord; knownId: string | null }>): CurrentValuesRequest[] {
  const byObject = new Map<string, { ids: Set<string>; fields: Set<string> }>();
  for (const { record, knownId } of records) {
    if (!knownId || !SALESFORCE_ID.test(knownId)) continue;
    const fields = ifBlankFields(record);
    if (fields.length === 0) continue;
    const entry = byObject.get(record.object) ?? { ids: new Set<string>(), fields: new Set<string>() };
    entry.ids.add(knownId);
    for (const field of fields) entry.fields.add(field);
    byObject.set(record.object, entry);
  }
  return [...byObject].map(([object, entry]) => ({ object, ids: [...entry.ids], fields: [...entry.fields].sort() }));
}

export async function readCurrentValues(requests: readonly CurrentValuesRequest[], session: SalesforceSession): Promise<CurrentValues> {
  const values: CurrentValues = new Map();
  if (!session.query) return values;
  for (const request of requests) {
    for (let start = 0; start < request.ids.length; start += MAX_IDS) {
      const ids = request.ids.slice(start, start + MAX_IDS).map((id) => `'${id}'`);
      try {
        const rows = await session.query(`SELECT Id, ${request.fields.join(", ")} FROM ${request.object} WHERE Id IN (${ids.join(", ")})`);
        for (const row of rows) values.set(idKey(String(row.Id)), row);
      } catch {
        // Unknown values: the if-blank fields of these records are not written this time.
      }
    }
  }
  return values;
}

/** Values the match query returned with its candidates (MatchCandidate.values). */
export function valuesOfCandidates(candidates: Iterable<readonly MatchCandidate[]>, into: CurrentValues): void {
  for (const list of candidates) {
    for (const candidate of list) if (candidate.values) into.set(idKey(candidate.id), candidate.values);
  }
}
