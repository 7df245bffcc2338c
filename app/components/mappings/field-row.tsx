import { BlockStack, Box, Button, Collapsible, InlineGrid, InlineStack, Select, TextField } from "@shopify/polaris";
import { useId, useState } from "react";
import type { DocumentIssue } from "../../sync/issue-path";
import type { FieldOption } from "../../services/admin/field-options";
import { defaultValueOf, issueAt, issuesUnder, OWNERSHIPS, sourceKindOf, sourceTextOf, withDefaultValue, withSource, type FieldDraft, type SourceKind } from "./draft";
import { DirectionControls } from "./direction-controls";
import { TargetFieldPicker } from "./target-field-picker";

const SOURCE_OPTIONS: Array<{ label: string; value: SourceKind }> = [
  { label: "Shopify field", value: "source" },
  { label: "JSONata expression", value: "expression" },
  { label: "Fixed value", value: "value" },
];

const OWNERSHIP_LABELS: Record<string, string> = {
  always: "Always (Shopify wins)",
  "create-only": "On create only",
  "if-blank": "Only if blank in Salesforce",
  never: "Never (check only)",
  "create-and-close": "On create and when the record closes",
};

const PLACEHOLDERS: Record<SourceKind, string> = { source: "default_address.city", expression: "first_name & ' ' & last_name", value: '"Web" or true' };

interface Props {
  path: string;
  object: string;
  field: FieldDraft;
  fields: FieldOption[] | undefined;
  issues: readonly DocumentIssue[];
  onChange(field: FieldDraft): void;
  onRemove(): void;
}

/** One mapped field: Salesforce field ← Shopify path / expression / constant, with ownership, transforms and a default. */
export function FieldRow({ path, object, field, fields, issues, onChange, onRemove }: Props) {
  const detailsId = useId();
  const [open, setOpen] = useState(false);
  const [transformsText, setTransformsText] = useState(() => JSON.stringify(field.transforms ?? [], null, 1));
  const [transformsError, setTransformsError] = useState<string>();
  const kind = sourceKindOf(field);
  const target = String(field.target ?? "");
  const sourceError = issueAt(issues, `${path}.${kind}`) ?? issueAt(issues, path);
  const transformsIssue = issuesUnder(issues, `${path}.transforms`);
  // A rejected transform opens the details, so its error is never hidden.
  const expanded = open || transformsIssue !== undefined || transformsError !== undefined;

  const changeTransforms = (text: string) => {
    setTransformsText(text);
    try {
      const parsed: unknown = JSON.parse(text);
      if (!Array.isArray(parsed)) throw new Error("must be a list, e.g. []");
      setTransformsError(undefined);
      onChange({ ...field, transforms: parsed });
    } catch (error) {
      setTransformsError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    // A named group, so assistive tech (and the browser tests) can tell the rows' repeated labels apart.
    <div role="group" aria-label={`${object}.${target || "new field"}`}>
      <Box paddingBlock="300" borderBlockEndWidth="025" borderColor="border-secondary">
        <BlockStack gap="200">
          <InlineGrid columns={{ xs: 1, md: "minmax(0, 4fr) minmax(0, 3fr) minmax(0, 6fr)" }} gap="300">
            <TargetFieldPicker label="Salesforce field" object={object} value={target} fields={fields} onChange={(value) => onChange({ ...field, target: value })} error={issueAt(issues, `${path}.target`)} />
            <Select label="From" options={SOURCE_OPTIONS} value={kind} onChange={(value) => onChange(withSource(field, value as SourceKind, sourceTextOf(field)))} />
            <TextField
              label={SOURCE_OPTIONS.find((option) => option.value === kind)?.label ?? "Source"}
              value={sourceTextOf(field)}
              onChange={(text) => onChange(withSource(field, kind, text))}
              autoComplete="off"
              monospaced
              placeholder={PLACEHOLDERS[kind]}
              error={sourceError}
            />
          </InlineGrid>
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <Select
              label="Write"
              labelInline
              options={OWNERSHIPS.map((value) => ({ label: OWNERSHIP_LABELS[value], value }))}
              value={String(field.ownership ?? "always")}
              onChange={(value) => onChange({ ...field, ownership: value })}
              error={issueAt(issues, `${path}.ownership`)}
            />
            <DirectionControls path={path} field={field} issues={issues} onChange={onChange} />
            <InlineStack gap="300">
              <Button variant="plain" onClick={() => setOpen(!expanded)} ariaExpanded={expanded} ariaControls={detailsId} accessibilityLabel={`Transforms and default for ${object}.${target || "new field"}`}>
                {expanded ? "Hide transforms" : `Transforms (${(field.transforms ?? []).length}) and default`}
              </Button>
              <Button variant="plain" tone="critical" onClick={onRemove} accessibilityLabel={`Remove ${object}.${target || "new field"}`}>
                Remove
              </Button>
            </InlineStack>
          </InlineStack>
        <Collapsible id={detailsId} open={expanded}>
            <InlineGrid columns={{ xs: 1, md: ["twoThirds", "oneThird"] }} gap="300">
              <TextField
                label="Transforms (JSON, applied in order)"
                value={transformsText}
                onChange={changeTransforms}
                multiline={3}
                autoComplete="off"
                monospaced
                helpText='e.g. [{"kind":"trim"},{"kind":"truncate","length":80}]'
                error={transformsError ?? transformsIssue}
              />
              <TextField
                label="Default when empty"
                value={defaultValueOf(field)}
                onChange={(text) => {
                  const next = withDefaultValue(field, text);
                  setTransformsText(JSON.stringify(next.transforms ?? [], null, 1));
                  onChange(next);
                }}
                autoComplete="off"
                helpText="Sent when Shopify has no value."
              />
            </InlineGrid>
          </Collapsible>
        </BlockStack>
      </Box>
    </div>
  );
}
