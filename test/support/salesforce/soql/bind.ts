import type { Row, SfValue } from "../data/record-table";
import { normalizeId } from "../ids";
import type { DescribeField } from "../metadata/describe-types";
import type { ObjectSchema } from "../schema/object-schema";
import type { OrgSchema } from "../schema/org-schema";
import type { CompareOp, Condition, FieldRef, Literal } from "./ast";
import { dateRange } from "./date-ranges";
import { SoqlError } from "./soql-error";

// Binds parsed SOQL to an org's metadata (field paths, literal types) and compiles WHERE clauses
// into predicates over stored rows.

export interface RecordLookup {
  schema: OrgSchema;
  /** A live record of any object, by 18-char id. */
  findById(id: string): Row | undefined;
  now(): number;
}

export interface BoundPath {
  /** Lookup fields followed from the root, e.g. [AccountId, OwnerId]. */
  steps: DescribeField[];
  /** The object reached after each step. */
  targets: ObjectSchema[];
  field: DescribeField;
}

export type Predicate = (row: Row) => boolean;

type Category = "string" | "id" | "number" | "boolean" | "date" | "datetime" | "other";

function category(f: DescribeField): Category {
  switch (f.type) {
    case "id":
    case "reference":
      return "id";
    case "int":
    case "long":
    case "double":
    case "currency":
    case "percent":
      return "number";
    case "boolean":
      return "boolean";
    case "date":
      return "date";
    case "datetime":
      return "datetime";
    case "address":
    case "location":
      return "other";
    default:
      return "string";
  }
}

const CUSTOM_FIELD_HINT =
  "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";
const CUSTOM_RELATIONSHIP_HINT =
  "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.";

export function resolvePath(root: ObjectSchema, ref: FieldRef, soql: string, lookup: RecordLookup): BoundPath {
  let segments = ref.path;
  // `SELECT Account.Name FROM Account` may prefix fields with the queried object's own name.
  if (segments.length > 1 && segments[0].toLowerCase() === root.name.toLowerCase() && !root.relationship(segments[0])) {
    segments = segments.slice(1);
  }
  const steps: DescribeField[] = [];
  const targets: ObjectSchema[] = [];
  let current = root;
  for (const segment of segments.slice(0, -1)) {
    const rel = current.relationship(segment);
    const target = rel?.referenceTo.map((t) => lookup.schema.get(t)).find((s) => s !== undefined);
    if (!rel || !target) {
      throw new SoqlError("INVALID_FIELD", soql, ref.at, `Didn't understand relationship '${segment}' in field path. ${CUSTOM_RELATIONSHIP_HINT}`);
    }
    steps.push(rel);
    targets.push(target);
    current = target;
  }
  const last = segments[segments.length - 1];
  const field = current.field(last);
  if (!field) {
    throw new SoqlError("INVALID_FIELD", soql, ref.at, `No such column '${last}' on entity '${current.name}'. ${CUSTOM_FIELD_HINT}`);
  }
  return { steps, targets, field };
}

export function readPath(row: Row, path: BoundPath, lookup: RecordLookup): SfValue {
  let current: Row | undefined = row;
  for (const step of path.steps) {
    const id: SfValue | undefined = current[step.name];
    current = typeof id === "string" ? lookup.findById(id) : undefined;
    if (!current) return null;
  }
  const value = current[path.field.name];
  return value === undefined ? null : value;
}

function dayMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function dateTimeMs(value: string): number {
  return Date.parse(value.replace(/\+0000$/, "Z"));
}

/** A stored value as something `<` and `===` work on: lower-cased text, numbers for dates. */
function comparable(cat: Category, value: SfValue): string | number | boolean | null {
  if (value === null || value === "") return null;
  switch (cat) {
    case "string":
      return String(value).toLowerCase();
    case "date":
      return dayMs(String(value));
    case "datetime":
      return dateTimeMs(String(value));
    default:
      return value;
  }
}

const TYPE_NAMES: Record<Category, string> = {
  string: "string",
  id: "id",
  number: "double",
  boolean: "boolean",
  date: "date",
  datetime: "dateTime",
  other: "string",
};

type Bound = { kind: "scalar"; value: string | number | boolean | null } | { kind: "range"; start: number; end: number };

function bindLiteral(path: BoundPath, lit: Literal, soql: string, lookup: RecordLookup): Bound {
  const f = path.field;
  const cat = category(f);
  const mismatch = (): SoqlError => {
    const quoted = cat === "string" || cat === "id" ? "should be enclosed in quotes" : "should not be enclosed in quotes";
    const typeName = f.type === "int" ? "integer" : TYPE_NAMES[cat];
    return new SoqlError("INVALID_FIELD", soql, lit.at, `value of filter criterion for field '${f.name}' must be of type ${typeName} and ${quoted}`);
  };
  if (lit.kind === "null") return { kind: "scalar", value: null };
  switch (cat) {
    case "string":
      if (lit.kind !== "string") throw mismatch();
      return { kind: "scalar", value: lit.value.toLowerCase() };
    case "id": {
      if (lit.kind !== "string") throw mismatch();
      const id = normalizeId(lit.value);
      if (!id) throw new SoqlError("INVALID_QUERY_FILTER_OPERATOR", soql, lit.at, `invalid ID field: ${lit.value}`);
      return { kind: "scalar", value: id };
    }
    case "number":
      if (lit.kind !== "number") throw mismatch();
      return { kind: "scalar", value: lit.value };
    case "boolean":
      if (lit.kind !== "boolean") throw mismatch();
      return { kind: "scalar", value: lit.value };
    case "date":
    case "datetime":
      if (lit.kind === "dateRange") {
        const [start, end] = dateRange(lit.name, lit.n, lookup.now());
        return { kind: "range", start, end };
      }
      if (cat === "date" && lit.kind === "date") return { kind: "scalar", value: dayMs(lit.value) };
      if (cat === "datetime" && lit.kind === "datetime") return { kind: "scalar", value: Date.parse(lit.value) };
      throw mismatch();
    default:
      throw new SoqlError("INVALID_FIELD", soql, lit.at, `field '${f.name}' can not be filtered in a query call`);
  }
}

function compareScalar(op: CompareOp, v: string | number | boolean | null, lit: string | number | boolean | null): boolean {
  if (op === "=") return v === lit;
  if (op === "!=") return v !== lit;
  if (v === null || lit === null) return false;
  if (op === "<") return v < lit;
  if (op === "<=") return v <= lit;
  if (op === ">") return v > lit;
  return v >= lit;
}

function compareRange(op: CompareOp, v: number | null, start: number, end: number): boolean {
  if (v === null) return op === "!=";
  switch (op) {
    case "=":
      return v >= start && v < end;
    case "!=":
      return v < start || v >= end;
    case "<":
      return v < start;
    case "<=":
      return v < end;
    case ">":
      return v >= end;
    default:
      return v >= start;
  }
}

function likeRegex(lit: Literal): RegExp {
  if (lit.kind !== "string") throw new Error("LIKE needs a string");
  let source = "";
  for (let i = 0; i < lit.value.length; i++) {
    const c = lit.value[i];
    if (c === "%" && !lit.escaped.has(i)) source += "[\\s\\S]*";
    else if (c === "_" && !lit.escaped.has(i)) source += "[\\s\\S]";
    else source += c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "i");
}

export function compileCondition(cond: Condition, root: ObjectSchema, soql: string, lookup: RecordLookup): Predicate {
  switch (cond.kind) {
    case "and": {
      const items = cond.items.map((c) => compileCondition(c, root, soql, lookup));
      return (row) => items.every((p) => p(row));
    }
    case "or": {
      const items = cond.items.map((c) => compileCondition(c, root, soql, lookup));
      return (row) => items.some((p) => p(row));
    }
    case "not": {
      const item = compileCondition(cond.item, root, soql, lookup);
      return (row) => !item(row);
    }
    case "like": {
      const path = resolvePath(root, cond.field, soql, lookup);
      if (cond.pattern.kind !== "string") {
        throw new SoqlError("MALFORMED_QUERY", soql, cond.pattern.at, "LIKE operator only valid on string fields");
      }
      const re = likeRegex(cond.pattern);
      return (row) => {
        const v = readPath(row, path, lookup);
        return v !== null && re.test(String(v));
      };
    }
    case "in": {
      const path = resolvePath(root, cond.field, soql, lookup);
      const cat = category(path.field);
      const values = new Set(
        cond.values.map((lit) => {
          const b = bindLiteral(path, lit, soql, lookup);
          if (b.kind === "range") throw new SoqlError("MALFORMED_QUERY", soql, lit.at, "date literals are not allowed in IN");
          return b.value;
        }),
      );
      return (row) => values.has(comparable(cat, readPath(row, path, lookup))) !== cond.negated;
    }
    case "compare": {
      const path = resolvePath(root, cond.field, soql, lookup);
      const cat = category(path.field);
      const bound = bindLiteral(path, cond.value, soql, lookup);
      if (bound.kind === "range") {
        return (row) => compareRange(cond.op, comparable(cat, readPath(row, path, lookup)) as number | null, bound.start, bound.end);
      }
      return (row) => compareScalar(cond.op, comparable(cat, readPath(row, path, lookup)), bound.value);
    }
  }
}

/** Sort key of a stored value for ORDER BY (text case-insensitive, dates chronological). */
export function sortKey(path: BoundPath, value: SfValue): string | number | boolean | null {
  return comparable(category(path.field), value);
}
