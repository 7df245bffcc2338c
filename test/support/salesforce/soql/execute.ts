import type { RecordTable, Row } from "../data/record-table";
import { SfApiError } from "../errors";
import { normalizeId } from "../ids";
import type { ObjectSchema } from "../schema/object-schema";
import type { Condition } from "./ast";
import { compileCondition, readPath, resolvePath, sortKey, type BoundPath, type RecordLookup } from "./bind";
import { parseSoql } from "./parser";
import { SoqlError } from "./soql-error";

export interface QuerySource extends RecordLookup {
  table(schema: ObjectSchema): RecordTable;
}

export interface QueryOutcome {
  schema: ObjectSchema;
  select: BoundPath[];
  count: boolean;
  rows: Row[];
  totalSize: number;
}

const MAX_OFFSET = 2000;

/** Equality on an indexed field (or Id) at the top of WHERE narrows the scan to index hits. */
function indexCandidates(where: Condition | undefined, schema: ObjectSchema, table: RecordTable): Row[] | undefined {
  if (!where) return undefined;
  const conjuncts = where.kind === "and" ? where.items : [where];
  for (const c of conjuncts) {
    if ((c.kind !== "compare" || c.op !== "=") && (c.kind !== "in" || c.negated)) continue;
    if (c.field.path.length !== 1) continue;
    const f = schema.field(c.field.path[0]);
    if (!f || (f.type !== "id" && !table.isIndexed(f.name))) continue;
    const literals = c.kind === "in" ? c.values : [c.value];
    if (!literals.every((l) => l.kind === "string")) continue;
    const ids = new Set<string>();
    for (const lit of literals) {
      if (lit.kind !== "string") continue;
      if (f.type === "id") {
        const id = normalizeId(lit.value);
        if (id) ids.add(id);
      } else {
        for (const id of table.lookup(f.name, lit.value)) ids.add(id);
      }
    }
    return [...ids].map((id) => table.get(id)).filter((r): r is Row => r !== undefined);
  }
  return undefined;
}

function compareKeys(a: string | number | boolean | null, b: string | number | boolean | null): number {
  if (a === b) return 0;
  return (a as string | number) < (b as string | number) ? -1 : 1;
}

export function executeQuery(soql: string, source: QuerySource, includeDeleted: boolean): QueryOutcome {
  try {
    const query = parseSoql(soql);
    const schema = source.schema.get(query.from.name);
    if (!schema) {
      throw new SoqlError(
        "INVALID_TYPE",
        soql,
        query.from.at,
        `sObject type '${query.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    const seen = new Set<string>();
    const select: BoundPath[] = [];
    for (const ref of query.fields) {
      const path = resolvePath(schema, ref, soql, source);
      const key = [...path.steps.map((s) => s.name), path.field.name].join(".");
      if (!seen.has(key)) {
        seen.add(key);
        select.push(path);
      }
    }
    const predicate = query.where ? compileCondition(query.where, schema, soql, source) : undefined;
    const order = query.orderBy.map((o) => ({ ...o, path: resolvePath(schema, o.field, soql, source) }));
    if (query.offset !== undefined && query.offset > MAX_OFFSET) {
      throw new SfApiError(400, [{ code: "NUMBER_OUTSIDE_VALID_RANGE", message: `Maximum SOQL offset allowed is ${MAX_OFFSET}` }]);
    }

    const table = source.table(schema);
    const candidates = indexCandidates(query.where, schema, table) ?? table.rows.values();
    let rows: Row[] = [];
    for (const row of candidates) {
      if (row.IsDeleted && !includeDeleted) continue;
      if (predicate && !predicate(row)) continue;
      rows.push(row);
    }
    if (order.length > 0) {
      const keyed = rows.map((row) => ({ row, keys: order.map((o) => sortKey(o.path, readPath(row, o.path, source))) }));
      keyed.sort((a, b) => {
        for (let i = 0; i < order.length; i++) {
          const ka = a.keys[i];
          const kb = b.keys[i];
          if (ka === kb) continue;
          if (ka === null) return order[i].nullsLast ? 1 : -1;
          if (kb === null) return order[i].nullsLast ? -1 : 1;
          const c = compareKeys(ka, kb);
          return order[i].desc ? -c : c;
        }
        return 0;
      });
      rows = keyed.map((k) => k.row);
    }
    const start = query.offset ?? 0;
    const end = query.limit === undefined ? undefined : start + query.limit;
    if (start > 0 || end !== undefined) rows = rows.slice(start, end);
    if (query.count) return { schema, select, count: true, rows: [], totalSize: rows.length };
    return { schema, select, count: false, rows, totalSize: rows.length };
  } catch (e) {
    if (e instanceof SoqlError) throw e.toApiError();
    throw e;
  }
}
