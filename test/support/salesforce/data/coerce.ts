import type { DescribeField } from "../metadata/describe-types";
import type { SfValue } from "./record-table";

// Turning wire values into stored values. The REST API deserializes JSON with Jackson, so a value
// of the wrong JSON type fails the whole request with JSON_PARSER_ERROR; Bulk API CSV cells are all
// strings and fail per record with INVALID_TYPE_ON_FIELD_IN_RECORD.

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export const NUMERIC_TYPES = new Set(["currency", "double", "percent", "int", "long"]);

/** Jackson's name for the Java type a field deserializes into, as seen in its messages. */
function javaTypeName(f: DescribeField): string {
  if (f.type === "currency" || f.type === "percent" || f.type === "double") return "double";
  if (f.type === "int" || f.type === "long" || f.type === "boolean" || f.type === "date" || f.type === "datetime") {
    return f.type;
  }
  return "string";
}

function jsonToken(value: unknown): string {
  if (typeof value === "string") return "VALUE_STRING";
  if (typeof value === "number") return Number.isInteger(value) ? "VALUE_NUMBER_INT" : "VALUE_NUMBER_FLOAT";
  if (typeof value === "boolean") return value ? "VALUE_TRUE" : "VALUE_FALSE";
  return Array.isArray(value) ? "START_ARRAY" : "START_OBJECT";
}

function tokenText(value: unknown): string {
  if (Array.isArray(value)) return "[";
  if (typeof value === "object" && value !== null) return "{";
  return String(value);
}

export class TypeMismatch extends Error {
  constructor(
    readonly field: DescribeField,
    readonly value: unknown,
  ) {
    super(`Cannot deserialize instance of ${javaTypeName(field)} from ${jsonToken(value)} value ${tokenText(value)}`);
  }
}

export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}

export function parseDate(text: string): string | undefined {
  const m = DATETIME.exec(text);
  if (!m) return undefined;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  return Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ? undefined : date;
}

/** Parses ISO-8601 as Salesforce accepts it; stores Salesforce's own `…000+0000` rendering. */
export function parseDateTime(text: string): string | undefined {
  const m = DATETIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "0", zone = "Z"] = m;
  const offset = zone === "Z" ? "Z" : zone.length === 3 ? `${zone}:00` : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${frac.padEnd(3, "0").slice(0, 3)}${offset}`);
  return Number.isNaN(ms) ? undefined : formatDateTime(ms);
}

function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : undefined;
}

/** REST (JSON) value → stored value; throws TypeMismatch where Jackson would reject it. */
export function coerceJson(f: DescribeField, value: unknown): SfValue {
  if (value === null) return null;
  switch (f.type) {
    case "boolean":
      if (typeof value === "boolean") return value;
      if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
      if (value === 0 || value === 1) return value === 1;
      throw new TypeMismatch(f, value);
    case "int":
    case "long":
    case "double":
    case "currency":
    case "percent": {
      const n = typeof value === "number" ? value : typeof value === "string" ? parseNumber(value) : undefined;
      if (n === undefined) throw new TypeMismatch(f, value);
      return f.type === "int" || f.type === "long" ? Math.trunc(n) : n;
    }
    case "date": {
      const d = typeof value === "string" ? parseDate(value) : undefined;
      if (d === undefined) throw new TypeMismatch(f, value);
      return d;
    }
    case "datetime": {
      const d = typeof value === "string" ? parseDateTime(value) : undefined;
      if (d === undefined) throw new TypeMismatch(f, value);
      return d;
    }
    default:
      if (typeof value === "object") throw new TypeMismatch(f, value);
      return String(value);
  }
}

/** Bulk API CSV cell → stored value, or undefined when the text is not of the field's type. */
export function coerceCsv(f: DescribeField, text: string): SfValue | undefined {
  switch (f.type) {
    case "boolean": {
      const t = text.trim().toLowerCase();
      if (t === "true" || t === "1" || t === "yes") return true;
      if (t === "false" || t === "0" || t === "no") return false;
      return undefined;
    }
    case "int":
    case "long":
    case "double":
    case "currency":
    case "percent": {
      const n = parseNumber(text);
      return n === undefined ? undefined : f.type === "int" || f.type === "long" ? Math.trunc(n) : n;
    }
    case "date":
      return parseDate(text.trim());
    case "datetime":
      return parseDateTime(text.trim());
    default:
      return text;
  }
}

/** Jackson reports where it stopped: approximate `[line:1, column:N]` from the raw body. */
export function jsonErrorLocation(raw: string, key: string, value: unknown): string {
  const needle = `"${key}":${JSON.stringify(value)}`;
  const at = raw.indexOf(needle);
  const column = at < 0 ? 1 : at + needle.length;
  return `at [line:1, column:${column}]`;
}
