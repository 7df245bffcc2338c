import type { DocumentIssue } from "../../sync/issue-path";
import { isSyncResource } from "../../sync/sync-resource";
import { parseValidationRule, type ValidationRule, type ValidationRuleKind, type ValidationRuleRow } from "../../sync/validation-rule";

// The rule form's flat text fields → a ValidationRule row (params by kind), validated by the sync core's
// own parseValidationRule so the form reports exactly what the worker would refuse. Client-safe.

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

function numberParam(text: string, path: string, issues: DocumentIssue[]): number | undefined {
  if (text.trim() === "") return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) issues.push({ path, message: "must be a number" });
  return Number.isFinite(value) ? value : undefined;
}

function paramsFor(input: RuleFormInput, issues: DocumentIssue[]): Record<string, unknown> {
  switch (input.kind as ValidationRuleKind) {
    case "format":
      return { format: input.format };
    case "pattern":
      return input.flags.trim() ? { pattern: input.pattern, flags: input.flags.trim() } : { pattern: input.pattern };
    case "range":
    case "length": {
      const min = numberParam(input.min, "params.min", issues);
      const max = numberParam(input.max, "params.max", issues);
      return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    }
    case "allowed-values": {
      const values = input.values.split(/[\n,]/).map((value) => value.trim()).filter(Boolean);
      return input.caseInsensitive ? { values, caseInsensitive: true } : { values };
    }
    default:
      return {};
  }
}

export function ruleRowFromForm(input: RuleFormInput): { ok: true; row: RuleRowInput; rule: ValidationRule } | { ok: false; issues: DocumentIssue[] } {
  const issues: DocumentIssue[] = [];
  const params = paramsFor(input, issues);
  const row: RuleRowInput = {
    resource: input.resource,
    kind: input.kind,
    field: input.kind === "expression" ? input.field.trim() || null : input.field.trim(),
    expression: input.kind === "expression" ? input.expression.trim() : null,
    params,
    action: input.action,
    message: input.message.trim() || null,
    enabled: input.enabled,
  };
  if (!isSyncResource(input.resource)) issues.push({ path: "resource", message: "must be customer, order or refund" });
  const parsed = parseValidationRule({ ...row, id: "draft" });
  if (!parsed.ok) issues.push(...parsed.error);
  return issues.length > 0 || !parsed.ok ? { ok: false, issues } : { ok: true, row, rule: parsed.value };
}

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

/** "is required", "matches /^\d+$/", "between 1 and 5" — a rule in a few words for the list. */
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
