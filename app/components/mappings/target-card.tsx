import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { DocumentIssue } from "../../sync/issue-path";
import type { FieldOptionsByObject } from "../../services/admin/field-options";
import { issueAt, type FieldDraft, type TargetDraft } from "./draft";
import { FieldRow } from "./field-row";

interface Props {
  index: number;
  target: TargetDraft;
  fields: FieldOptionsByObject | null;
  issues: readonly DocumentIssue[];
  /** Bumped when the document is replaced from the JSON tab, so rows drop their local text state. */
  revision: number;
  onFieldChange(f: number, field: FieldDraft): void;
  onFieldRemove(f: number): void;
  onFieldAdd(): void;
}

/** One Salesforce record the Shopify record becomes; its keys and matching are edited on the JSON tab. */
export function TargetCard({ index, target, fields, issues, revision, onFieldChange, onFieldRemove, onFieldAdd }: Props) {
  const object = String(target.object ?? "");
  const path = `targets[${index}]`;
  const objectFields = fields ? Object.entries(fields).find(([name]) => name.toLowerCase() === object.toLowerCase())?.[1] : undefined;
  const headerIssues = ["key", "object", "externalIdField", "externalIdSource", "externalIdExpression", "forEach", "when", "dependsOn"]
    .map((key) => issueAt(issues, `${path}.${key}`))
    .filter(Boolean);
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {target.label ?? object}
            </Text>
            <Badge>{object}</Badge>
            {target.forEach && <Badge tone="info">{`one per ${target.forEach}`}</Badge>}
            {target.shared === true && <Badge>shared</Badge>}
          </InlineStack>
        </InlineStack>
        <Text as="p" tone="subdued" variant="bodySm">
          Matched by {object}.{target.externalIdField} = {target.externalIdSource ?? target.externalIdExpression}
          {fields && !objectFields ? " · no describe cached for this object" : ""}
        </Text>
        {headerIssues.map((message) => (
          <Text as="p" tone="critical" key={message}>
            {message}
          </Text>
        ))}
        <div>
          {(target.fields ?? []).map((field, f) => (
            <FieldRow
              key={`${revision}:${f}:${(target.fields ?? []).length}`}
              path={`${path}.fields[${f}]`}
              object={object}
              field={field}
              fields={objectFields}
              issues={issues}
              onChange={(next) => onFieldChange(f, next)}
              onRemove={() => onFieldRemove(f)}
            />
          ))}
        </div>
        <InlineStack>
          <Button onClick={onFieldAdd} accessibilityLabel={`Add a field to ${object}`}>
            Add field
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
