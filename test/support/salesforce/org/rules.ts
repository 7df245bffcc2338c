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
  /** Salesforce's rule actions on create/edit: Block (default here), or Alert (saved only with allowSave=true). */
  action?: "block" | "alert";
}

/** Sforce-Duplicate-Rule-Header (REST API Developer Guide, "Duplicate Rule Header"): all fields default to false. */
export interface DuplicateRuleHeader {
  allowSave: boolean;
  includeRecordDetails: boolean;
  runAsCurrentUser: boolean;
}

export function parseDuplicateRuleHeader(value: string | undefined): DuplicateRuleHeader | undefined {
  if (value === undefined) return undefined;
  const fields = new Map(
    value.split(";").map((part) => {
      const [name = "", setting = ""] = part.split("=").map((text) => text.trim());
      return [name.toLowerCase(), setting.toLowerCase() === "true"] as const;
    }),
  );
  return {
    allowSave: fields.get("allowsave") ?? false,
    includeRecordDetails: fields.get("includerecorddetails") ?? false,
    runAsCurrentUser: fields.get("runascurrentuser") ?? false,
  };
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

/**
 * DUPLICATES_DETECTED with its duplicateResult (SOAP API "DuplicateResult" / "MatchResult" / "MatchRecord";
 * the REST error entry carries the same structure): the matching records' Ids, or all their fields with
 * includeRecordDetails=true.
 */
export function duplicatesDetected(spec: DuplicateRuleSpec, schema: ObjectSchema, matches: readonly Row[], header?: DuplicateRuleHeader): RecordError {
  const message = spec.message ?? "Use one of these records?";
  const ruleName = spec.name ?? `${schema.name}_Duplicate_Rule`;
  const record = (row: Row) => ({
    attributes: { type: schema.name, url: `/services/data/v62.0/sobjects/${schema.name}/${String(row.Id)}` },
    ...(header?.includeRecordDetails ? row : { Id: row.Id }),
  });
  // Salesforce's published Collections answer without the header carries no duplicateResult
  // (test/fixtures/salesforce/composite_sobjects_create_partial_failure_allOrNone_false.json); with it, the
  // emulator names the matches as the DuplicateResult docs describe (unverified against a live org).
  if (!header) return { code: "DUPLICATES_DETECTED", message, fields: [] };
  return {
    code: "DUPLICATES_DETECTED",
    message,
    fields: [],
    duplicateResult: {
      allowSave: (spec.action ?? "block") === "alert",
      duplicateRule: ruleName,
      duplicateRuleEntityType: schema.name,
      errorMessage: message,
      matchResults: [
        {
          entityType: schema.name,
          errors: [],
          matchEngine: "ExactMatchEngine",
          matchRecords: matches.map((row) => ({ additionalInformation: [], fieldDiffs: [], matchConfidence: 100, record: record(row) })),
          rule: `${ruleName}_Matching_Rule`,
          size: matches.length,
          success: true,
        },
      ],
    },
  };
}
