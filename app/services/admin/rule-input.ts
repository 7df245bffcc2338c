import type { DocumentIssue } from "../../sync/issue-path";
import { isSyncResource } from "../../sync/sync-resource";
import { parseValidationRule, type ValidationRule, type ValidationRuleKind } from "../../sync/validation-rule";
import type { RuleFormInput, RuleRowInput } from "./rule-form";

// The rule form's flat text fields → a ValidationRule row (params by kind), validated by the sync core's
// own parseValidationRule so the form reports exactly what the worker would refuse. Server side only.

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
