import type { ApiUsage, MatchCandidate, MatchRequest, SalesforcePort, SalesforceSession, SaveError, SaveResult } from "../../../../app/sync/ports";
import type { SObjectDescribe } from "../../../../app/sync/sobject-describe";

// An in-memory Salesforce for the engine's unit tests: upsert by external id with per-record
// results, the errors the pipeline must handle (required field, non-updateable field, unknown parent,
// duplicate external id in one call), fault injection and API usage accounting. The HTTP-faithful
// emulator lives in test/support/salesforce; this one only has to be honest about semantics.

export interface StoredRecord {
  Id: string;
  [field: string]: unknown;
}

export interface UpsertCallLog {
  object: string;
  externalIdField: string;
  records: Array<Record<string, unknown>>;
}

type RecordRule = (object: string, record: Record<string, unknown>) => SaveError | undefined;

export class FakeSalesforce implements SalesforcePort {
  readonly records = new Map<string, StoredRecord[]>();
  readonly calls: UpsertCallLog[] = [];
  readonly matchCalls: MatchRequest[] = [];
  usage: ApiUsage | null = { used: 0, limit: 100_000 };
  connectError: unknown = null;
  private readonly callFailures: unknown[] = [];
  private readonly rules: RecordRule[] = [];
  private nextId = 1;

  constructor(private readonly describes: Readonly<Record<string, SObjectDescribe>> = {}) {}

  async connect(): Promise<SalesforceSession> {
    if (this.connectError) throw this.connectError;
    return {
      upsert: async (object, externalIdField, records) => this.upsert(object, externalIdField, records),
      findMatches: async (request) => this.findMatches(request),
      delete: async (ids) => this.destroy(ids),
      apiUsage: () => this.usage,
    };
  }

  /** The next upsert call throws this (network error, 5xx, limit…). */
  failNextCall(error: unknown): void {
    this.callFailures.push(error);
  }

  /** Rejects matching records with the given error (a validation rule, a duplicate rule…). */
  rejectWhen(rule: RecordRule): void {
    this.rules.push(rule);
  }

  all(object: string): StoredRecord[] {
    return this.records.get(object) ?? [];
  }

  find(object: string, field: string, value: unknown): StoredRecord | undefined {
    return this.all(object).find((record) => record[field] === value);
  }

  seed(object: string, fields: Record<string, unknown>): StoredRecord {
    const record: StoredRecord = { ...fields, Id: this.newId(object) };
    this.records.set(object, [...this.all(object), record]);
    return record;
  }

  private newId(object: string): string {
    const prefix = object.slice(0, 3).toUpperCase().padEnd(3, "X");
    return `${prefix}${String(this.nextId++).padStart(15, "0")}`;
  }

  private upsert(object: string, externalIdField: string, records: ReadonlyArray<Record<string, unknown>>): SaveResult[] {
    this.calls.push({ object, externalIdField, records: records.map((record) => structuredClone(record)) });
    if (this.usage) this.usage = { ...this.usage, used: this.usage.used + 1 };
    if (records.length > 200) throw Object.assign(new Error("EXCEEDED_ID_LIMIT: record limit is 200"), { errorCode: "EXCEEDED_ID_LIMIT" });
    const failure = this.callFailures.shift();
    if (failure !== undefined) throw failure;
    const seen = new Map<string, number>();
    for (const record of records) {
      const key = String(record[externalIdField]);
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    return records.map((record) => {
      const key = String(record[externalIdField]);
      if ((seen.get(key) ?? 0) > 1) {
        return fail("DUPLICATE_EXTERNAL_ID", `Duplicate external id specified: ${key}`, [externalIdField]);
      }
      return this.upsertOne(object, externalIdField, record);
    });
  }

  private upsertOne(object: string, externalIdField: string, input: Record<string, unknown>): SaveResult {
    for (const rule of this.rules) {
      const error = rule(object, input);
      if (error) return { success: false, errors: [error] };
    }
    const describe = this.describes[object];
    const existing = this.find(object, externalIdField, input[externalIdField]);
    // "Id" is an update by record id (the adapter sends Collections update): an unknown id is refused as Salesforce does.
    if (externalIdField === "Id" && !existing) return fail("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", ["Id"]);
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(input)) {
      if (value !== null && typeof value === "object") {
        const field = describe?.fields.find((candidate) => candidate.relationshipName === name);
        const [parentField, parentValue] = Object.entries(value as Record<string, unknown>)[0] ?? [];
        const parentObject = field?.referenceTo[0] ?? name.replace(/__r$/, "__c");
        const parent = this.find(parentObject, parentField ?? "", parentValue);
        if (!parent) {
          return fail("INVALID_FIELD", `Foreign key external ID: ${String(parentValue)} not found for field ${parentField} in entity ${parentObject}`, []);
        }
        values[field?.name ?? `${name}Id`] = parent.Id;
      } else values[name] = value;
    }
    if (describe) {
      for (const name of Object.keys(values)) {
        const field = describe.fields.find((candidate) => candidate.name === name);
        if (!field) return fail("INVALID_FIELD", `No such column '${name}' on sobject of type ${object}`, [name]);
        if (existing && !field.updateable && name !== externalIdField) {
          return fail("INVALID_FIELD_FOR_INSERT_UPDATE", `Unable to create/update fields: ${name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, [name]);
        }
      }
      if (!existing) {
        const missing = describe.fields.filter(
          (field) => field.createable && !field.nillable && !field.defaultedOnCreate && field.type !== "boolean" && (values[field.name] === undefined || values[field.name] === null || values[field.name] === ""),
        );
        if (missing.length > 0) return fail("REQUIRED_FIELD_MISSING", `Required fields are missing: [${missing.map((field) => field.name).join(", ")}]`, missing.map((field) => field.name));
      }
    }
    // "For opportunities with products, the amount is the sum of the related products. Any attempt to
    // update this field, if the record has products, will be ignored" (Opportunity object reference).
    if (object === "Opportunity" && existing?.HasOpportunityLineItem === true) delete values.Amount;
    const line = LINE_PARENTS[object];
    if (line) values.TotalPrice = round2(Number(values.Quantity ?? existing?.Quantity ?? 0) * Number(values.UnitPrice ?? existing?.UnitPrice ?? 0));
    let id: string;
    let created: boolean;
    if (existing) {
      Object.assign(existing, values);
      id = existing.Id;
      created = false;
    } else {
      id = this.seed(object, values).Id;
      created = true;
    }
    if (line) this.rollUp(object, String(this.all(object).find((row) => row.Id === id)?.[line.parentField]));
    return { success: true, id, created, errors: [] };
  }

  /** Amount / TotalAmount = Σ line TotalPrice, as Salesforce derives them (held to the emulator by the port contract). */
  private rollUp(lineObject: string, parentId: string): void {
    const line = LINE_PARENTS[lineObject];
    if (!line) return;
    const parent = this.all(line.parent).find((row) => row.Id === parentId);
    if (!parent) return;
    const lines = this.all(lineObject).filter((row) => row[line.parentField] === parentId);
    parent[line.totalField] = round2(lines.reduce((sum, row) => sum + Number(row.TotalPrice ?? 0), 0));
    if (line.parent === "Opportunity") parent.HasOpportunityLineItem = lines.length > 0;
  }

  readonly deleteCalls: string[][] = [];
  private readonly deleteFailures: unknown[] = [];

  /** The next delete call throws this. */
  failNextDelete(error: unknown): void {
    this.deleteFailures.push(error);
  }

  private destroy(ids: readonly string[]): SaveResult[] {
    this.deleteCalls.push([...ids]);
    if (this.usage) this.usage = { ...this.usage, used: this.usage.used + 1 };
    if (ids.length > 200) throw Object.assign(new Error("EXCEEDED_ID_LIMIT: record limit is 200"), { errorCode: "EXCEEDED_ID_LIMIT" });
    const failure = this.deleteFailures.shift() ?? this.callFailures.shift();
    if (failure !== undefined) throw failure;
    return ids.map((id) => {
      for (const [object, rows] of this.records) {
        const index = rows.findIndex((row) => row.Id === id);
        if (index >= 0) {
          const row = rows[index] as StoredRecord;
          this.records.set(object, rows.filter((_row, i) => i !== index));
          const line = LINE_PARENTS[object];
          if (line) this.rollUp(object, String(row[line.parentField]));
          return { success: true, id, errors: [] };
        }
      }
      return { success: false, id, errors: [{ statusCode: "ENTITY_IS_DELETED", message: "entity is deleted", fields: [] }] };
    });
  }

  private findMatches(request: MatchRequest): MatchCandidate[] {
    this.matchCalls.push(request);
    if (this.usage) this.usage = { ...this.usage, used: this.usage.used + 1 };
    const wanted = new Set(request.values.map((value) => value.toLowerCase()));
    return this.all(request.object)
      .filter((record) => typeof record[request.matchField] === "string" && wanted.has(String(record[request.matchField]).toLowerCase()))
      .map((record) => ({
        id: record.Id,
        matchValue: String(record[request.matchField]),
        externalId: (record[request.externalIdField] as string | undefined) ?? null,
      }));
  }
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** Line objects whose TotalPrice Salesforce sums into their parent. */
const LINE_PARENTS: Record<string, { parent: string; parentField: string; totalField: string }> = {
  OpportunityLineItem: { parent: "Opportunity", parentField: "OpportunityId", totalField: "Amount" },
  OrderItem: { parent: "Order", parentField: "OrderId", totalField: "TotalAmount" },
};

function fail(statusCode: string, message: string, fields: string[]): SaveResult {
  return { success: false, errors: [{ statusCode, message, fields }] };
}
