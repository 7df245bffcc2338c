import { ifBlankFields } from "./current-values";
import { isBlank } from "./json-value";
import type { PlannedRecord } from "./planned-record";
import type { MatchCandidate, MatchRequest } from "./ports";
import { makeViolation, type Violation } from "./violation";

// Optional "match by" (e.g. Contact by Email): the first time a Shopify record is synced, an existing
// Salesforce record with the same value is adopted instead of creating a duplicate. Adopting means
// upserting by Salesforce Id and writing our external id onto it; later syncs match by external id.
// Only unambiguous matches that are not linked to another Shopify record are adopted.

export function matchRequestKey(object: string, matchField: string, externalIdField: string): string {
  return `${object}|${matchField}|${externalIdField}`;
}

export function collectMatchRequests(records: ReadonlyArray<{ record: PlannedRecord; exists: boolean }>): MatchRequest[] {
  const requests = new Map<string, MatchRequest>();
  for (const { record, exists } of records) {
    if (exists) continue;
    for (const field of record.matchKeys) {
      const value = record.fields[field];
      if (isBlank(value) || typeof value === "object") continue;
      const key = matchRequestKey(record.object, field, record.externalIdField);
      const request = requests.get(key) ?? { object: record.object, matchField: field, externalIdField: record.externalIdField, values: [] };
      const text = String(value);
      if (!request.values.includes(text)) request.values.push(text);
      // An adopted record's if-blank fields are decided on the values this same query reads.
      for (const name of ifBlankFields(record)) {
        request.fields ??= [];
        if (!request.fields.includes(name)) request.fields.push(name);
      }
      requests.set(key, request);
    }
  }
  return [...requests.values()];
}

export interface MatchOutcome {
  record: PlannedRecord;
  adopted: boolean;
  violation?: Violation;
}

export function adoptMatch(record: PlannedRecord, candidatesByRequest: ReadonlyMap<string, readonly MatchCandidate[]>): MatchOutcome {
  for (const field of record.matchKeys) {
    const value = record.fields[field];
    if (isBlank(value) || typeof value === "object") continue;
    const wanted = String(value).trim().toLowerCase();
    const candidates = (candidatesByRequest.get(matchRequestKey(record.object, field, record.externalIdField)) ?? []).filter(
      (candidate) =>
        candidate.matchValue.trim().toLowerCase() === wanted && (candidate.externalId === null || candidate.externalId === record.externalId),
    );
    if (candidates.length === 1) {
      const match = candidates[0] as MatchCandidate;
      return {
        adopted: true,
        record: {
          ...record,
          externalIdField: "Id",
          externalId: match.id,
          fields: { ...record.fields, [record.externalIdField]: record.externalId },
          ownership: { ...record.ownership, [record.externalIdField]: "always" },
        },
      };
    }
    if (candidates.length > 1) {
      return {
        adopted: false,
        record,
        violation: makeViolation({
          field: `${record.object}.${field}`,
          rule: "match-keys",
          message: `${candidates.length} ${record.object} records in Salesforce share ${field} ${String(value)}, so a new one was created. Merge them in Salesforce to link this record.`,
          action: "warn",
          recordKey: record.key,
        }),
      };
    }
  }
  return { adopted: false, record };
}
