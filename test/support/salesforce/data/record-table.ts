import type { DescribeField } from "../metadata/describe-types";
import type { ObjectSchema } from "../schema/object-schema";
import type { UndoLog } from "./undo-log";

export type SfValue = string | number | boolean | null;
/** One stored record: canonical field name → value. Always has Id and IsDeleted. */
export type Row = Record<string, SfValue>;

function indexKey(f: DescribeField, value: SfValue): string | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  const s = String(value);
  return f.caseSensitive ? s : s.toLowerCase();
}

/**
 * The records of one object plus hash indexes on its unique and external-id fields, so upserts
 * and unique checks are O(1) whatever the table size. Deleted rows stay (queryAll, recycle bin)
 * but leave the indexes, as in Salesforce.
 */
export class RecordTable {
  readonly rows = new Map<string, Row>();
  private indexes = new Map<string, Map<string, string | string[]>>();
  private indexed: DescribeField[] = [];
  /** Id → when it was deleted, Salesforce's delete log (read by /sobjects/{type}/deleted). */
  readonly deletedAt = new Map<string, string>();
  /** Reference field → parent id → live rows pointing at it; built on first use (roll-ups of big tables). */
  private referencing = new Map<string, Map<SfValue, Set<Row>>>();

  constructor(public schema: ObjectSchema) {
    this.reindex(schema);
  }

  /** Called when the object's metadata changes (e.g. a new external-id field). */
  reindex(schema: ObjectSchema): void {
    this.schema = schema;
    this.indexed = schema.indexedFields;
    this.indexes = new Map(this.indexed.map((f) => [f.name, new Map()]));
    for (const index of this.referencing.values()) index.clear();
    for (const row of this.rows.values()) if (!row.IsDeleted) this.addToIndexes(row);
  }

  /** Live rows whose `fieldName` equals `value` (a child relationship), without scanning the table. */
  rowsReferencing(fieldName: string, value: SfValue): Iterable<Row> {
    let index = this.referencing.get(fieldName);
    if (!index) {
      index = new Map();
      this.referencing.set(fieldName, index);
      for (const row of this.rows.values()) if (!row.IsDeleted) addTo(index, row[fieldName], row);
    }
    return index.get(value) ?? [];
  }

  get(id: string): Row | undefined {
    return this.rows.get(id);
  }

  /** Live (not deleted) record ids whose indexed `field` equals `value`. */
  lookup(fieldName: string, value: SfValue): string[] {
    const f = this.indexed.find((x) => x.name === fieldName);
    const index = f && this.indexes.get(f.name);
    const key = f && indexKey(f, value);
    if (!index || key === undefined) return [];
    const hit = index.get(key);
    return hit === undefined ? [] : typeof hit === "string" ? [hit] : hit;
  }

  isIndexed(fieldName: string): boolean {
    return this.indexes.has(fieldName);
  }

  insert(row: Row, undo?: UndoLog): void {
    this.rows.set(row.Id as string, row);
    this.addToIndexes(row);
    undo?.push(() => {
      this.removeFromIndexes(row);
      this.rows.delete(row.Id as string);
    });
  }

  update(row: Row, changes: Row, undo?: UndoLog): void {
    const before: Row = {};
    for (const key of Object.keys(changes)) before[key] = key in row ? row[key] : null;
    this.removeFromIndexes(row);
    Object.assign(row, changes);
    this.addToIndexes(row);
    undo?.push(() => {
      this.removeFromIndexes(row);
      Object.assign(row, before);
      this.addToIndexes(row);
    });
  }

  markDeleted(row: Row, undo?: UndoLog, stamp?: string): void {
    this.removeFromIndexes(row);
    row.IsDeleted = true;
    if (stamp) this.deletedAt.set(row.Id as string, stamp);
    undo?.push(() => {
      this.deletedAt.delete(row.Id as string);
      row.IsDeleted = false;
      this.addToIndexes(row);
    });
  }

  clear(): void {
    this.rows.clear();
    this.deletedAt.clear();
    for (const index of this.indexes.values()) index.clear();
    for (const index of this.referencing.values()) index.clear();
  }

  *live(): IterableIterator<Row> {
    for (const row of this.rows.values()) if (!row.IsDeleted) yield row;
  }

  private addToIndexes(row: Row): void {
    if (row.IsDeleted) return;
    for (const [field, index] of this.referencing) addTo(index, row[field], row);
    for (const f of this.indexed) {
      const key = indexKey(f, row[f.name]);
      if (key === undefined) continue;
      const index = this.indexes.get(f.name)!;
      const hit = index.get(key);
      const id = row.Id as string;
      if (hit === undefined) index.set(key, id);
      else if (typeof hit === "string") index.set(key, [hit, id]);
      else hit.push(id);
    }
  }

  private removeFromIndexes(row: Row): void {
    for (const [field, index] of this.referencing) {
      const rows = index.get(row[field]);
      rows?.delete(row);
      if (rows?.size === 0) index.delete(row[field]);
    }
    for (const f of this.indexed) {
      const key = indexKey(f, row[f.name]);
      if (key === undefined) continue;
      const index = this.indexes.get(f.name)!;
      const hit = index.get(key);
      if (hit === undefined) continue;
      if (typeof hit === "string") {
        if (hit === row.Id) index.delete(key);
      } else {
        const rest = hit.filter((id) => id !== row.Id);
        if (rest.length === 0) index.delete(key);
        else index.set(key, rest.length === 1 ? rest[0] : rest);
      }
    }
  }
}

function addTo(index: Map<SfValue, Set<Row>>, value: SfValue | undefined, row: Row): void {
  if (value === null || value === undefined) return;
  const rows = index.get(value);
  if (rows) rows.add(row);
  else index.set(value, new Set([row]));
}
