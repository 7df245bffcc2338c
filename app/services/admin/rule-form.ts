import type { ValidationRuleRow } from "../../sync/validation-rule";

// The rule form's values and how a stored rule reads in the UI. Client-safe and dependency-free on purpose:
// the validation itself (zod, JSONata) runs on the server (rule-input.ts), not in the page's bundle.

export interface RuleFormInput {
  resource: string;
  kind: string;
  field: string;
  expression: string;
  action: string;
  message: string;
  enabled: boolean;
  format: string;
  pattern: string;
  flags: string;
  min: string;
  max: string;
  /** One allowed value per line (or comma separated). */
  values: string;
  caseInsensitive: boolean;
}

export type RuleRowInput = Omit<ValidationRuleRow, "id">;

/** The form's values for a stored rule (the inverse of ruleRowFromForm). */
export function formFromRuleRow(row: RuleRowInput): RuleFormInput {
  const params = (row.params ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));
  return {
    resource: row.resource,
    kind: row.kind,
    field: row.field ?? "",
    expression: row.expression ?? "",
    action: row.action,
    message: row.message ?? "",
    enabled: row.enabled,
    format: text(params.format) || "email",
    pattern: text(params.pattern),
    flags: text(params.flags),
    min: text(params.min),
    max: text(params.max),
    values: Array.isArray(params.values) ? params.values.map(String).join("\n") : "",
    caseInsensitive: params.caseInsensitive === true,
  };
}

export const NEW_RULE_FORM: RuleFormInput = formFromRuleRow({ resource: "customer", kind: "required", field: "", expression: null, params: {}, action: "block", message: null, enabled: true });

/** The form's values as FormData entries (booleans as "true"/"false"). */
export function ruleFormEntries(value: RuleFormInput): Record<string, string> {
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, String(entry)]));
}

/** "is required", "matches /^\d+$/", "is a number ≥ 1 and ≤ 5" — a rule in a few words for the list. */
export function summarizeRule(row: RuleRowInput): string {
  const params = (row.params ?? {}) as Record<string, unknown>;
  const bounds = () => [params.min !== undefined ? `≥ ${params.min}` : null, params.max !== undefined ? `≤ ${params.max}` : null].filter(Boolean).join(" and ");
  switch (row.kind) {
    case "required":
      return "is required";
    case "format":
      return `is a valid ${String(params.format ?? "")}`;
    case "pattern":
      return `matches /${String(params.pattern ?? "")}/${String(params.flags ?? "")}`;
    case "range":
      return `is a number ${bounds()}`;
    case "length":
      return `has a length ${bounds()}`;
    case "allowed-values":
      return `is one of ${Array.isArray(params.values) ? params.values.join(", ") : ""}`;
    case "expression":
      return `satisfies ${row.expression ?? ""}`;
    default:
      return row.kind;
  }
}
