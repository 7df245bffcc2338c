import type { PlannedRecord } from "../../../../app/sync/planned-record";

/** A planned record with sensible defaults, for planner and executor tests. */
export function planned(object: string, externalId: string, overrides: Partial<PlannedRecord> = {}): PlannedRecord {
  const key = overrides.key ?? `${object}:${externalId}`;
  const fields = overrides.fields ?? { Name: `${object} ${externalId}` };
  return {
    key,
    target: object.toLowerCase(),
    object,
    externalIdField: `${object}_Ext__c`,
    externalId,
    fields,
    ownership: Object.fromEntries(Object.keys(fields).map((name) => [name, "always" as const])),
    dependsOn: [],
    references: [],
    shared: false,
    autoTruncate: [],
    matchKeys: [],
    sources: {},
    ...overrides,
  };
}
