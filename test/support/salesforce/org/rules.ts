import type { Row } from "../data/record-table";
import type { RecordError } from "../errors";
import type { ObjectSchema } from "../schema/object-schema";
import { compileCondition, type Predicate, type RecordLookup } from "../soql/bind";
import { parseCondition } from "../soql/parser";
import { SoqlError } from "../soql/soql-error";

// An org admin's declarative checks. A validation rule's error condition is either a predicate or
// a SOQL WHERE expression ("Amount < 0"), which also makes rules configurable over HTTP.

export interface RuleContext {
  isInsert: boolean;
  old?: Readonly<Row>;
}

export interface ValidationRuleSpec {
  object: string;
  name?: string;
  /** True means the record is invalid, as in Salesforce's "Error Condition Formula". */
  errorCondition: string | ((record: Readonly<Row>, context: RuleContext) => boolean);
  /** The error message shown to the user (FIELD_CUSTOM_VALIDATION_EXCEPTION). */
  message: string;
  /** Error location: a field puts its name in `fields`; otherwise `fields` is empty (top of page). */
  field?: string;
}

export interface DuplicateRuleSpec {
  object: string;
  name?: string;
  /** Records are duplicates when all these fields are equal, ignoring case; blank never matches. */
  matchFields?: string[];
  match?: (candidate: Readonly<Row>, existing: Readonly<Row>) => boolean;
  /** Default "Use one of these records?" as in the collections docs. */
  message?: string;
}

export interface CompiledValidationRule {
  spec: ValidationRuleSpec;
  test: (row: Row, context: RuleContext) => boolean;
}

export function compileValidationRule(spec: ValidationRuleSpec, schema: ObjectSchema, lookup: RecordLookup): CompiledValidationRule {
  if (typeof spec.errorCondition === "function") return { spec, test: spec.errorCondition };
  let predicate: Predicate;
  try {
    predicate = compileCondition(parseCondition(spec.errorCondition), schema, spec.errorCondition, lookup);
  } catch (e) {
    if (e instanceof SoqlError) throw new Error(`Invalid validation rule condition: ${e.formatted()}`);
    throw e;
  }
  return { spec, test: (row) => predicate(row) };
}

export function validationError(rule: CompiledValidationRule, schema: ObjectSchema): RecordError {
  const field = rule.spec.field ? schema.field(rule.spec.field)?.name ?? rule.spec.field : undefined;
  return { code: "FIELD_CUSTOM_VALIDATION_EXCEPTION", message: rule.spec.message, fields: field ? [field] : [] };
}

export function duplicateMatcher(spec: DuplicateRuleSpec, schema: ObjectSchema): (a: Row, b: Row) => boolean {
  if (spec.match) return spec.match;
  const fields = (spec.matchFields ?? []).map((name) => schema.field(name)?.name ?? name);
  return (a, b) =>
    fields.length > 0 &&
    fields.every((f) => {
      const x = a[f];
      const y = b[f];
      return x !== null && x !== undefined && x !== "" && String(x).toLowerCase() === String(y ?? "").toLowerCase();
    });
}

export function duplicatesDetected(spec: DuplicateRuleSpec): RecordError {
  return { code: "DUPLICATES_DETECTED", message: spec.message ?? "Use one of these records?", fields: [] };
}
