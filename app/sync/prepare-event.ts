import { applyMapping, type MappingContext } from "./apply-mapping";
import type { CompiledMapping } from "./compile-mapping";
import { contentHash } from "./content-hash";
import { currencyViolations } from "./currency";
import { idKey } from "./current-values";
import { preflightRecord } from "./describe-preflight";
import { adoptMatch } from "./match-keys";
import { applyOwnership, hasNothingToUpdate, updateProjection } from "./ownership";
import { planDeletedCustomer } from "./plan-delete";
import type { PlannedRecord } from "./planned-record";
import type { MatchCandidate, SyncRecordState } from "./ports";
import { sharedResource } from "./record-key";
import type { DescribeLookup } from "./sobject-describe";
import { validateRecords, type CompiledRule } from "./validate-record";
import { isBlocking, makeViolation, type Violation } from "./violation";

// One event's way from payload to "what to send": map, apply the merchant's rules, then per record
// decide existence, ownership, pre-flight, and whether it changed since the last successful write.

export interface MappedEvent {
  records: PlannedRecord[];
  violations: Violation[];
  /** Set when nothing needs writing and the reason is worth showing (delete policy). */
  note: string | null;
}

export async function mapEvent(input: {
  kind: "upsert" | "delete";
  payload: unknown;
  mapping: CompiledMapping;
  rules: readonly CompiledRule[];
  context: MappingContext;
  syncRecord: SyncRecordState | null;
}): Promise<MappedEvent> {
  if (input.kind === "delete") {
    const plan = planDeletedCustomer(input.mapping.document, input.syncRecord);
    return { records: plan.records, violations: [], note: plan.note };
  }
  const mapped = await applyMapping(input.mapping, input.payload, input.context);
  const checked = await validateRecords({
    rules: input.rules,
    payload: input.payload,
    records: mapped.records,
    context: input.context,
    resource: input.mapping.document.resource,
  });
  const currencies = currencyViolations(checked.records, input.context);
  return { records: checked.records, violations: [...mapped.violations, ...currencies, ...checked.violations], note: null };
}

/** Where a record's Salesforce id and content hash are remembered. */
export interface RecordTracking {
  resource: string;
  shopifyId: string;
  idKey: string;
  hashKey: string;
}

export function trackingFor(record: PlannedRecord, resource: string, shopifyId: string): RecordTracking {
  return record.shared
    ? { resource: sharedResource(record.object), shopifyId: record.externalId, idKey: record.object, hashKey: `${resource}:${record.target}` }
    : { resource, shopifyId, idKey: record.key, hashKey: record.key };
}

export type Disposition = "send" | "unchanged" | "blocked";

export interface PreparedRecord {
  /** As it will be sent. */
  record: PlannedRecord;
  tracking: RecordTracking;
  exists: boolean;
  knownId: string | null;
  /** Hash of what an update writes; null for records that are never hash-skipped (delete marks). */
  hash: string | null;
  disposition: Disposition;
}

export interface FinalizeInput {
  mapped: MappedEvent;
  kind: "upsert" | "delete";
  resource: string;
  shopifyId: string;
  own: SyncRecordState | null;
  /** Shared SyncRecords by `${resource}|${shopifyId}`. */
  shared: ReadonlyMap<string, SyncRecordState>;
  /** Match lookups by match-keys request key; null when the mapping uses none. */
  matches: ReadonlyMap<string, readonly MatchCandidate[]> | null;
  describes: DescribeLookup;
  /** Salesforce's current values of if-blank fields, by 15-character id (current-values.ts). */
  currentValues?: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** Replay that ignores content hashes (re-sends unchanged records). */
  force: boolean;
}

export function finalizeEvent(input: FinalizeInput): { records: PreparedRecord[]; violations: Violation[] } {
  const violations = [...input.mapped.violations];
  const eventBlocked = violations.some((violation) => isBlocking(violation) && violation.recordKey === undefined);
  const blockedKeys = new Set<string>();
  const prepared: PreparedRecord[] = [];

  for (const planned of input.mapped.records) {
    const tracking = trackingFor(planned, input.resource, input.shopifyId);
    const store = tracking.resource === input.resource ? input.own : input.shared.get(`${tracking.resource}|${tracking.shopifyId}`) ?? null;
    const knownId = store?.salesforceIds[tracking.idKey] ?? input.own?.salesforceIds[planned.key] ?? null;
    let exists = input.kind === "delete" || knownId !== null;
    let record = planned;

    if (!exists && record.matchKeys.length > 0 && input.matches) {
      const match = adoptMatch(record, input.matches);
      if (match.violation) violations.push(match.violation);
      if (match.adopted) {
        record = match.record;
        exists = true;
      }
    }

    const salesforceId = knownId ?? (record.externalIdField === "Id" ? record.externalId : null);
    const currentValues = exists && salesforceId ? input.currentValues?.get(idKey(salesforceId)) : undefined;
    record = applyOwnership(record, { exists, currentValues });
    // A blank Salesforce field that an if-blank value fills is a change the content hash cannot see.
    const fillsBlank = currentValues !== undefined && Object.keys(record.fields).some((name) => record.ownership[name] === "if-blank");
    const preflight = preflightRecord(record, { exists, describes: input.describes, resource: input.resource });
    record = preflight.record;
    violations.push(...preflight.violations);

    const ownBlock = violations.some((violation) => isBlocking(violation) && violation.recordKey === planned.key);
    const parentBlocked = planned.dependsOn.find((key) => blockedKeys.has(key));
    if (parentBlocked !== undefined && !ownBlock && !eventBlocked) {
      violations.push(
        makeViolation({
          field: record.object,
          rule: "dependency",
          message: `${record.object} is not sent because ${parentBlocked} was blocked.`,
          action: "warn",
          recordKey: planned.key,
        }),
      );
    }
    const blocked = eventBlocked || ownBlock || parentBlocked !== undefined;
    if (blocked) blockedKeys.add(planned.key);

    let hash: string | null = null;
    if (input.kind === "upsert") {
      const projection = updateProjection(record);
      delete projection[planned.externalIdField];
      for (const name of record.hashExempt ?? []) delete projection[name];
      hash = contentHash({ object: planned.object, externalIdField: planned.externalIdField, externalId: planned.externalId, fields: projection });
    }
    const storedHash = store?.contentHashes[tracking.hashKey];
    const twoWayChange = (record.hashExempt ?? []).some((name) => name in record.fields);
    const unchanged = exists && input.kind === "upsert" && ((!input.force && !twoWayChange && !fillsBlank && storedHash === hash) || hasNothingToUpdate(record));
    prepared.push({
      record,
      tracking,
      exists,
      knownId,
      hash,
      disposition: blocked ? "blocked" : unchanged ? "unchanged" : "send",
    });
  }
  return { records: prepared, violations };
}
