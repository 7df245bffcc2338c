import type jsonata from "jsonata";
import { compilePattern, type CompiledPattern, type ExpressionRuntime } from "./expression-runtime";
import { isBlank } from "./json-value";
import { compileJsonata, evaluateJsonata } from "./jsonata-syntax";
import type { MappingDocument } from "./mapping-schema";
import { withoutField, type PlannedRecord } from "./planned-record";
import { parseSourcePath, resolvePath, type SourcePath } from "./source-path";
import { describeValue } from "./transforms";
import { makeViolation, type Violation } from "./violation";
import type { ValidationRule } from "./validation-rule";

// The merchant's validation rules, applied to one event's mapped records. A rule's field names either
// a mapped Salesforce field — its first segment is a target key or sObject of the mapping
// (`Contact.Email`, `contact.Email`) — or otherwise a path in the Shopify payload (`email`).
// Rules on Shopify fields that block stop the whole event; rules on Salesforce fields stop the record.

export interface CompiledRule {
  readonly rule: ValidationRule;
  readonly scope: "source" | "target" | "event";
  /** Target rules: which records (target key or object, lower-cased) and which field. */
  readonly targetName?: string;
  readonly targetField?: string;
  readonly sourcePath?: SourcePath;
  readonly predicate?: jsonata.Expression;
  readonly regex?: CompiledPattern;
  readonly runtime?: ExpressionRuntime;
  /** The pattern could not be compiled by the runtime's engine: every check reports it. */
  readonly unusable?: string;
}

export function compileRules(rules: readonly ValidationRule[], mapping: MappingDocument, runtime?: ExpressionRuntime): CompiledRule[] {
  const names = new Set(mapping.targets.flatMap((target) => [target.key.toLowerCase(), target.object.toLowerCase()]));
  const compiled: CompiledRule[] = [];
  for (const rule of rules) {
    if (rule.resource !== mapping.resource) continue;
    const compiledPredicate = rule.kind === "expression" && rule.expression ? compileJsonata(rule.expression, runtime) : undefined;
    if (compiledPredicate && !compiledPredicate.ok) throw new Error(`Invalid JSONata in a validated rule: ${compiledPredicate.error}`);
    const predicate = compiledPredicate?.value;
    let regex: CompiledPattern | undefined;
    let unusable: string | undefined;
    if (rule.kind === "pattern") {
      try {
        regex = compilePattern(runtime, rule.params.pattern, rule.params.flags);
      } catch (error) {
        unusable = `cannot be checked: the pattern /${rule.params.pattern}/ ${error instanceof Error ? error.message : String(error)}.`;
      }
    }
    const extra = { runtime, ...(unusable ? { unusable } : {}) };
    const field = rule.field;
    const dot = field ? field.indexOf(".") : -1;
    if (field && dot > 0 && names.has(field.slice(0, dot).toLowerCase()) && !field.slice(dot + 1).includes(".")) {
      compiled.push({ rule, scope: "target", targetName: field.slice(0, dot).toLowerCase(), targetField: field.slice(dot + 1), predicate, regex, ...extra });
      continue;
    }
    const path = field ? parseSourcePath(field) : undefined;
    if (path && path.ok) compiled.push({ rule, scope: "source", sourcePath: path.value, predicate, regex, ...extra });
    else if (rule.kind === "expression") compiled.push({ rule, scope: "event", predicate, ...extra });
  }
  return compiled;
}

export interface RuleCheckInput {
  rules: readonly CompiledRule[];
  payload: unknown;
  records: readonly PlannedRecord[];
  context?: Readonly<Record<string, unknown>>;
  resource: string;
}

export interface RuleCheckOutput {
  records: PlannedRecord[];
  violations: Violation[];
}

export async function validateRecords(input: RuleCheckInput): Promise<RuleCheckOutput> {
  let records = [...input.records];
  const violations: Violation[] = [];
  const context = input.context ?? {};

  for (const compiled of input.rules) {
    const { rule } = compiled;
    if (compiled.scope === "target") {
      records = await Promise.all(
        records.map(async (record) => {
          if (record.target.toLowerCase() !== compiled.targetName && record.object.toLowerCase() !== compiled.targetName) return record;
          const fieldName = Object.keys(record.fields).find((name) => name.toLowerCase() === compiled.targetField?.toLowerCase()) ?? compiled.targetField ?? "";
          const label = `${record.object}.${fieldName}`;
          const problem = compiled.predicate
            ? await expressionProblem(compiled, input.payload, { record: record.fields, value: record.fields[fieldName], context })
            : (compiled.unusable ?? checkValue(rule, record.fields[fieldName], input.resource, compiled.regex));
          if (problem === null) return record;
          violations.push(ruleViolation(compiled, label, problem, record.key));
          return rule.action === "drop-field" ? withoutField(record, fieldName) : record;
        }),
      );
      continue;
    }

    if (compiled.scope === "event") {
      const problem = await expressionProblem(compiled, input.payload, { records: recordFields(records), context });
      if (problem !== null) violations.push(ruleViolation({ ...compiled, rule: { ...rule, action: rule.action === "drop-field" ? "warn" : rule.action } }, "(event)", problem));
      continue;
    }

    const path = compiled.sourcePath as SourcePath;
    const value = resolvePath(path, { root: input.payload, context });
    const problem = compiled.predicate
      ? await expressionProblem(compiled, input.payload, { value, records: recordFields(records), context })
      : (compiled.unusable ?? firstProblem(rule, value, input.resource, compiled.regex));
    if (problem === null) continue;
    if (rule.action === "drop-field") {
      const before = records;
      records = records.map((record) => {
        const mapped = Object.entries(record.sources)
          .filter(([field, source]) => source === path.text && Object.hasOwn(record.fields, field))
          .map(([field]) => field);
        return mapped.reduce((current, field) => withoutField(current, field), record);
      });
      const dropped = before.some((record, i) => record !== records[i]);
      violations.push(ruleViolation(dropped ? compiled : { ...compiled, rule: { ...rule, action: "warn" } }, path.text, problem));
    } else {
      violations.push(ruleViolation(compiled, path.text, problem));
    }
  }
  return { records, violations };
}

function recordFields(records: readonly PlannedRecord[]): Record<string, Record<string, unknown>> {
  return Object.fromEntries(records.map((record) => [record.key, record.fields]));
}

function ruleViolation(compiled: CompiledRule, field: string, problem: string, recordKey?: string): Violation {
  const { rule } = compiled;
  const message = rule.message ? rule.message : `${field} ${problem}`;
  return makeViolation({ field, rule: rule.kind, message, action: rule.action, recordKey, ruleId: rule.id });
}

async function expressionProblem(compiled: CompiledRule, payload: unknown, bindings: Record<string, unknown>): Promise<string | null> {
  const predicate = compiled.predicate;
  if (!predicate) return null;
  try {
    const result = await evaluateJsonata(predicate, compiled.runtime, payload, bindings);
    return result ? null : "does not satisfy the rule's condition.";
  } catch (error) {
    return `could not be checked: ${error instanceof Error ? error.message : String(error)}.`;
  }
}

/** A path through an array (`line_items.sku`) yields one value per element; each must pass. */
function firstProblem(rule: ValidationRule, value: unknown, resource: string, regex?: CompiledPattern): string | null {
  if (!Array.isArray(value)) return checkValue(rule, value, resource, regex);
  if (value.length === 0) return checkValue(rule, undefined, resource, regex);
  for (const element of value) {
    const problem = checkValue(rule, element, resource, regex);
    if (problem !== null) return problem;
  }
  return null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// E.164-ish: optional +, 7–15 digits once spaces, dots, dashes and brackets are removed.
const PHONE = /^\+?[1-9]\d{6,14}$/;

/** null when the value passes; otherwise the end of a sentence that starts with the field's name. */
export function checkValue(rule: ValidationRule, value: unknown, resource: string, regex?: CompiledPattern): string | null {
  if (rule.kind === "required") return isBlank(value) ? `is required but the ${resource} has no value.` : null;
  if (rule.kind === "expression") return null;
  // Every other kind checks a value that is there; emptiness is the "required" rule's business.
  if (isBlank(value)) return null;
  const text = typeof value === "string" ? value.trim() : String(value);
  switch (rule.kind) {
    case "format":
      if (rule.params.format === "email") return EMAIL.test(text) ? null : `must be a valid email address (got ${describeValue(value)}).`;
      if (rule.params.format === "phone") {
        return PHONE.test(text.replace(/[\s().-]/g, "")) ? null : `must be a phone number in international format such as +15555550123 (got ${describeValue(value)}).`;
      }
      return isHttpUrl(text) ? null : `must be a web address starting with http:// or https:// (got ${describeValue(value)}).`;
    case "pattern": {
      const pattern = regex ?? new RegExp(rule.params.pattern, rule.params.flags);
      return pattern.test(text) ? null : `does not match the required pattern /${rule.params.pattern}/ (got ${describeValue(value)}).`;
    }
    case "range": {
      const number = typeof value === "number" ? value : Number(text);
      const { min, max } = rule.params;
      if (Number.isFinite(number) && (min === undefined || number >= min) && (max === undefined || number <= max)) return null;
      return `must be ${bounds(min, max)} (got ${describeValue(value)}).`;
    }
    case "length": {
      const length = Array.from(text).length;
      const { min, max } = rule.params;
      if ((min === undefined || length >= min) && (max === undefined || length <= max)) return null;
      return `must be ${bounds(min, max)} characters long (got ${length}).`;
    }
    case "allowed-values": {
      const insensitive = rule.params.caseInsensitive === true;
      const found = rule.params.values.some((allowed) =>
        insensitive ? String(allowed).toLowerCase() === text.toLowerCase() : String(allowed) === text,
      );
      if (found) return null;
      return `must be one of ${rule.params.values.map((v) => describeValue(v)).join(", ")} (got ${describeValue(value)}).`;
    }
  }
}

function bounds(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
