import { BlockStack, Checkbox, FormLayout, InlineGrid, Select, TextField } from "@shopify/polaris";
import type { DocumentIssue } from "../../sync/issue-path";
import type { ValidationRuleKind } from "../../sync/validation-rule";
import { RESOURCE_OPTIONS } from "../../services/admin/resource-pages";
import type { RuleFormInput } from "../../services/admin/rule-form";

// Every kind of validation-rule.ts (the Record type makes a missing one a compile error).
const KIND_LABELS: Record<ValidationRuleKind, string> = {
  required: "Required — the field must have a value",
  format: "Format — email, phone or web address",
  pattern: "Pattern — matches a regular expression",
  range: "Range — a number between bounds",
  length: "Length — text length between bounds",
  "allowed-values": "Allowed values — one of a list",
  expression: "Expression — a JSONata condition that must be true",
};

const ACTION_OPTIONS = [
  { label: "Block: do not send the record (or the event)", value: "block" },
  { label: "Warn: send, and show a warning in activity", value: "warn" },
  { label: "Drop field: send the record without this field", value: "drop-field" },
];

/** Which form field shows an issue reported at a rule path (params.min → min, params → min). */
export function issueFor(issues: readonly DocumentIssue[], ...paths: string[]): string | undefined {
  const found = issues.filter((issue) => paths.includes(issue.path)).map((issue) => issue.message);
  return found.length > 0 ? found.join("; ") : undefined;
}

export function RuleFields({ value, onChange, issues }: { value: RuleFormInput; onChange(next: RuleFormInput): void; issues: readonly DocumentIssue[] }) {
  const set = <K extends keyof RuleFormInput>(key: K) => (next: RuleFormInput[K]) => onChange({ ...value, [key]: next });
  const kind = value.kind;
  return (
    <FormLayout>
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
        <Select label="Resource" name="resource" options={RESOURCE_OPTIONS} value={value.resource} onChange={set("resource")} error={issueFor(issues, "resource")} />
        <Select label="Check" name="kind" options={Object.entries(KIND_LABELS).map(([kind, label]) => ({ label, value: kind }))} value={kind} onChange={set("kind")} error={issueFor(issues, "kind")} />
      </InlineGrid>
      <TextField
        label={kind === "expression" ? "Field (optional)" : "Field"}
        name="field"
        value={value.field}
        onChange={set("field")}
        autoComplete="off"
        monospaced
        helpText="A Salesforce field of the mapping (Contact.Email) or a Shopify path (email, default_address.zip, line_items.sku)."
        error={issueFor(issues, "field")}
      />
      {kind === "expression" && (
        <TextField
          label="JSONata condition"
          name="expression"
          value={value.expression}
          onChange={set("expression")}
          autoComplete="off"
          monospaced
          multiline={2}
          helpText="Must be true for the record to pass, e.g. total_price > 0. $value is the field's value, $records the mapped records."
          error={issueFor(issues, "expression")}
        />
      )}
      {kind === "format" && (
        <Select
          label="Format"
          name="format"
          options={[
            { label: "Email address", value: "email" },
            { label: "Phone number (international)", value: "phone" },
            { label: "Web address", value: "url" },
          ]}
          value={value.format}
          onChange={set("format")}
          error={issueFor(issues, "params.format", "params")}
        />
      )}
      {kind === "pattern" && (
        <InlineGrid columns={{ xs: 1, md: ["twoThirds", "oneThird"] }} gap="300">
          <TextField label="Regular expression" name="pattern" value={value.pattern} onChange={set("pattern")} autoComplete="off" monospaced error={issueFor(issues, "params.pattern", "params")} />
          <TextField label="Flags" name="flags" value={value.flags} onChange={set("flags")} autoComplete="off" monospaced helpText="i, m, s or u" error={issueFor(issues, "params.flags")} />
        </InlineGrid>
      )}
      {(kind === "range" || kind === "length") && (
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
          <TextField label="Minimum" name="min" type="number" value={value.min} onChange={set("min")} autoComplete="off" error={issueFor(issues, "params.min", "params")} />
          <TextField label="Maximum" name="max" type="number" value={value.max} onChange={set("max")} autoComplete="off" error={issueFor(issues, "params.max")} />
        </InlineGrid>
      )}
      {kind === "allowed-values" && (
        <BlockStack gap="200">
          <TextField label="Allowed values" name="values" value={value.values} onChange={set("values")} autoComplete="off" multiline={3} helpText="One per line." error={issueFor(issues, "params.values", "params")} />
          <Checkbox label="Ignore upper and lower case" checked={value.caseInsensitive} onChange={set("caseInsensitive")} />
        </BlockStack>
      )}
      <Select label="When it fails" name="action" options={ACTION_OPTIONS} value={value.action} onChange={set("action")} error={issueFor(issues, "action")} />
      <TextField label="Message (optional)" name="message" value={value.message} onChange={set("message")} autoComplete="off" helpText="Shown in activity instead of the generated message." />
      <Checkbox label="Enabled" checked={value.enabled} onChange={set("enabled")} helpText="Disabled rules are kept but not applied." />
    </FormLayout>
  );
}
