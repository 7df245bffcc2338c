import type { Transform } from "./mapping-schema";
import { err, ok, type Result } from "./result";
import { isBlank } from "./json-value";

// Field transforms run in the order the mapping lists them. A transform that cannot make sense of
// its input returns an error (the field is then reported as a violation), never a guess.

export interface TransformContext {
  /** Resolves another source path in the same scope (used by `concat`). */
  resolve(path: string): unknown;
}

export function applyTransforms(value: unknown, transforms: readonly Transform[], context: TransformContext): Result<unknown, string> {
  let current = value;
  for (const transform of transforms) {
    const next = applyTransform(current, transform, context);
    if (!next.ok) return next;
    current = next.value;
  }
  return ok(current);
}

export function applyTransform(value: unknown, transform: Transform, context: TransformContext): Result<unknown, string> {
  switch (transform.kind) {
    case "trim":
      return ok(typeof value === "string" ? value.trim() : value);
    case "upper":
      return ok(typeof value === "string" ? value.toUpperCase() : value);
    case "lower":
      return ok(typeof value === "string" ? value.toLowerCase() : value);
    case "title-case":
      return ok(typeof value === "string" ? titleCase(value) : value);
    case "truncate":
      return ok(typeof value === "string" && transform.length !== "describe" ? truncate(value, transform.length) : value);
    case "number":
      return toNumber(value);
    case "currency": {
      const number = toNumber(value);
      // A field the payload does not carry stays absent (never NaN).
      if (!number.ok || number.value === null || number.value === undefined) return number;
      return ok(roundHalfAwayFromZero(number.value, transform.decimals));
    }
    case "date":
      return toDate(value);
    case "datetime":
      return toDateTime(value);
    case "value-map":
      return ok(valueMap(value, transform));
    case "default":
      return ok(isBlank(value) ? transform.value : value);
    case "concat": {
      const parts = [value, ...transform.sources.map((path) => context.resolve(path))].filter((part) => !isBlank(part));
      return ok(parts.length === 0 ? null : parts.map((part) => String(part).trim()).join(transform.separator));
    }
    case "join":
      if (!Array.isArray(value)) return ok(value);
      return ok(value.filter((part) => !isBlank(part)).map((part) => String(part).trim()).join(transform.separator));
    case "boolean":
      return toBoolean(value);
    case "string":
      if (value === null || value === undefined) return ok(value);
      if (typeof value === "object") return err(`${describeValue(value)} cannot be turned into text`);
      return ok(String(value));
  }
}

function titleCase(text: string): string {
  // Lower-case first so "JOHN O'CONNOR" and "john o'connor" give the same "John O'Connor".
  return text.toLocaleLowerCase().replace(/(^|[\s\-'’(])(\p{L})/gu, (_match, before: string, letter: string) => before + letter.toLocaleUpperCase());
}

/** Cuts to `max` UTF-16 units without splitting a surrogate pair (an emoji never becomes half a character). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function toNumber(value: unknown): Result<number | null | undefined, string> {
  if (value === undefined) return ok(undefined);
  if (value === null) return ok(null);
  if (typeof value === "number") return Number.isFinite(value) ? ok(value) : err(`${describeValue(value)} is not a finite number`);
  if (typeof value === "string") {
    const text = value.trim();
    if (text === "") return ok(null);
    if (!NUMERIC.test(text)) return err(`${describeValue(value)} is not a number`);
    return ok(Number(text));
  }
  return err(`${describeValue(value)} is not a number`);
}

/** Money rounding: 2.675 → 2.68 (binary floats would say 2.67). */
export function roundHalfAwayFromZero(value: number, decimals: number): number {
  const sign = value < 0 ? -1 : 1;
  const magnitude = Math.abs(value);
  const text = String(magnitude);
  if (text.includes("e")) return (sign * Math.round(magnitude * 10 ** decimals)) / 10 ** decimals;
  const shifted = Math.round(Number(`${text}e${decimals}`));
  const result = sign * Number(`${shifted}e-${decimals}`);
  return Object.is(result, -0) ? 0 : result;
}

const DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})/;

function toDate(value: unknown): Result<string | null | undefined, string> {
  if (value === undefined) return ok(undefined);
  if (isBlank(value)) return ok(null);
  if (typeof value === "string") {
    // Shopify writes timestamps in the shop's time zone ("2021-12-31T19:00:00-05:00"); the merchant's
    // calendar date is the one written there, not the UTC date (which would be Jan 1st).
    const match = DATE_PREFIX.exec(value.trim());
    if (match) {
      const [, y, m, d] = match;
      const check = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
      if (check.getUTCMonth() + 1 !== Number(m) || check.getUTCDate() !== Number(d)) return err(`${describeValue(value)} is not a valid date`);
      return ok(`${y}-${m}-${d}`);
    }
  }
  const date = toValidDate(value);
  return date ? ok(date.toISOString().slice(0, 10)) : err(`${describeValue(value)} is not a date`);
}

function toDateTime(value: unknown): Result<string | null | undefined, string> {
  if (value === undefined) return ok(undefined);
  if (isBlank(value)) return ok(null);
  const date = toValidDate(value);
  return date ? ok(date.toISOString()) : err(`${describeValue(value)} is not a date and time`);
}

function toValidDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === "string") {
    const text = value.trim();
    // Only ISO-8601 shapes: Date.parse accepts locale formats that differ between engines.
    if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
    const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text.replace(" ", "T"));
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  if (typeof value === "number" && Number.isFinite(value)) return new Date(value);
  return undefined;
}

function valueMap(value: unknown, transform: Extract<Transform, { kind: "value-map" }>): unknown {
  if (value === undefined || value === null) return transform.default !== undefined ? transform.default : value;
  const key = String(value);
  if (Object.hasOwn(transform.map, key)) return transform.map[key];
  if (transform.caseInsensitive) {
    const lower = key.toLowerCase();
    const found = Object.keys(transform.map).find((candidate) => candidate.toLowerCase() === lower);
    if (found !== undefined) return transform.map[found];
  }
  return transform.default !== undefined ? transform.default : value;
}

const TRUE_WORDS = new Set(["true", "yes", "y", "1", "on"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0", "off", ""]);

function toBoolean(value: unknown): Result<boolean, string> {
  // Salesforce checkboxes cannot be null: absent means unchecked.
  if (value === null || value === undefined) return ok(false);
  if (typeof value === "boolean") return ok(value);
  if (typeof value === "number") return ok(value !== 0);
  if (typeof value === "string") {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return ok(true);
    if (FALSE_WORDS.has(word)) return ok(false);
  }
  return err(`${describeValue(value)} is not a yes/no value`);
}

export function describeValue(value: unknown): string {
  if (typeof value === "string") return `"${value.length > 60 ? `${value.slice(0, 57)}…` : value}"`;
  if (value === undefined) return "nothing";
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  } catch {
    return String(value);
  }
}
