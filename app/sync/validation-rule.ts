import { z } from "zod";
import { formatIssuePath, type DocumentIssue } from "./issue-path";
import { compileJsonata } from "./jsonata-syntax";
import { err, ok, type Result } from "./result";
import { makeViolation, VIOLATION_ACTIONS, type Violation } from "./violation";

// A merchant's ValidationRule row, validated. `field` is either a Salesforce field of a mapped target
// (`Contact.Email`, or `<targetKey>.Email`) or a Shopify path (`email`, `default_address.zip`); see
// validate-record.ts for how the two are told apart.

export const VALIDATION_RULE_KINDS = ["required", "format", "pattern", "range", "length", "allowed-values", "expression"] as const;
export type ValidationRuleKind = (typeof VALIDATION_RULE_KINDS)[number];

/** The ValidationRule table's shape, as the store returns it. */
export interface ValidationRuleRow {
  id: string;
  resource: string;
  field: string | null;
  expression: string | null;
  kind: string;
  params: unknown;
  action: string;
  message: string | null;
  enabled: boolean;
}

const paramsByKind = {
  required: z.strictObject({}),
  format: z.strictObject({ format: z.enum(["email", "phone", "url"]) }),
  pattern: z.strictObject({ pattern: z.string().min(1), flags: z.string().regex(/^[imsu]*$/, "flags may only contain i, m, s, u").optional() }),
  range: z
    .strictObject({ min: z.number().optional(), max: z.number().optional() })
    .refine((p) => p.min !== undefined || p.max !== undefined, "needs min or max")
    .refine((p) => p.min === undefined || p.max === undefined || p.min <= p.max, "min must not exceed max"),
  length: z
    .strictObject({ min: z.number().int().min(0).optional(), max: z.number().int().positive().optional() })
    .refine((p) => p.min !== undefined || p.max !== undefined, "needs min or max")
    .refine((p) => p.min === undefined || p.max === undefined || p.min <= p.max, "min must not exceed max"),
  "allowed-values": z.strictObject({
    values: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1, "needs at least one allowed value"),
    caseInsensitive: z.boolean().optional(),
  }),
  expression: z.strictObject({}),
} as const;

export type RuleParams = { [K in ValidationRuleKind]: z.infer<(typeof paramsByKind)[K]> };

export type ValidationRule = {
  [K in ValidationRuleKind]: {
    id: string;
    resource: string;
    kind: K;
    field: string | null;
    expression: string | null;
    params: RuleParams[K];
    action: (typeof VIOLATION_ACTIONS)[number];
    message: string | null;
  };
}[ValidationRuleKind];

export function parseValidationRule(row: ValidationRuleRow): Result<ValidationRule, DocumentIssue[]> {
  const issues: DocumentIssue[] = [];
  const kind = row.kind as ValidationRuleKind;
  if (!(VALIDATION_RULE_KINDS as readonly string[]).includes(row.kind)) {
    return err([{ path: "kind", message: `must be one of ${VALIDATION_RULE_KINDS.join(", ")}` }]);
  }
  if (!(VIOLATION_ACTIONS as readonly string[]).includes(row.action)) {
    issues.push({ path: "action", message: `must be one of ${VIOLATION_ACTIONS.join(", ")}` });
  }
  const params = paramsByKind[kind].safeParse(row.params ?? {});
  if (!params.success) {
    for (const issue of params.error.issues) issues.push({ path: formatIssuePath(["params", ...issue.path]), message: issue.message });
  }
  if (kind === "expression") {
    if (!row.expression) issues.push({ path: "expression", message: "an expression rule needs a JSONata expression" });
    else {
      const compiled = compileJsonata(row.expression);
      if (!compiled.ok) issues.push({ path: "expression", message: compiled.error });
    }
  } else if (!row.field || row.field.trim() === "") {
    issues.push({ path: "field", message: "needs the field to check" });
  }
  if (kind === "pattern" && params.success) {
    const { pattern, flags } = params.data as RuleParams["pattern"];
    try {
      new RegExp(pattern, flags);
    } catch (error) {
      issues.push({ path: "params.pattern", message: `not a valid regular expression: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  if (issues.length > 0 || !params.success) return err(issues);
  return ok({
    id: row.id,
    resource: row.resource,
    kind,
    field: row.field?.trim() || null,
    expression: row.expression,
    params: params.data,
    action: row.action as ValidationRule["action"],
    message: row.message,
  } as ValidationRule);
}

export interface ShopRules {
  byResource: Map<string, ValidationRule[]>;
  /** Stored rules that no longer parse: reported on each event of their resource, never applied. */
  warnings: Map<string, Violation[]>;
}

export function parseShopRules(rows: readonly ValidationRuleRow[]): ShopRules {
  const byResource = new Map<string, ValidationRule[]>();
  const warnings = new Map<string, Violation[]>();
  for (const row of rows) {
    if (!row.enabled) continue;
    const parsed = parseValidationRule(row);
    if (parsed.ok) {
      byResource.set(row.resource, [...(byResource.get(row.resource) ?? []), parsed.value]);
      continue;
    }
    const message = `Validation rule ${row.id} is invalid and was ignored: ${parsed.error.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`;
    const warning = makeViolation({ field: row.field ?? "(rule)", rule: row.kind, message, action: "warn", ruleId: row.id });
    warnings.set(row.resource, [...(warnings.get(row.resource) ?? []), warning]);
  }
  return { byResource, warnings };
}
