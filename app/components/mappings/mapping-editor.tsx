import { Banner, BlockStack, Card, Tabs, Text, TextField } from "@shopify/polaris";
import { useMemo, useState } from "react";
import type { FieldOptionsByObject } from "../../services/admin/field-options";
import type { DocumentIssue } from "../../sync/issue-path";
import { addField, parseDraft, printDraft, removeField, updateField, type DocumentDraft } from "./draft";
import { TargetCard } from "./target-card";

interface Props {
  text: string;
  onTextChange(text: string): void;
  fields: FieldOptionsByObject | null;
  issues: readonly DocumentIssue[];
}

const TABS = [
  { id: "fields", content: "Fields", accessibilityLabel: "Edit field by field" },
  { id: "json", content: "JSON", accessibilityLabel: "Edit the whole document as JSON" },
];

/**
 * The document's JSON text is the single source of truth: the Fields tab renders it as rows and writes
 * each change back as JSON; the JSON tab edits it directly (targets, references, policies…).
 */
export function MappingEditor({ text, onTextChange, fields, issues }: Props) {
  const [tab, setTab] = useState(0);
  const [revision, setRevision] = useState(0);
  const parsed = useMemo(() => parseDraft(text), [text]);
  const edit = (change: (draft: DocumentDraft) => DocumentDraft) => parsed.ok && onTextChange(printDraft(change(parsed.draft)));

  const selectTab = (index: number) => {
    // Rows cannot show a document that does not parse: stay on JSON until it does.
    if (index === 0 && !parsed.ok) return;
    if (index === 0) setRevision((value) => value + 1);
    setTab(index);
  };

  return (
    <BlockStack gap="400">
      <Tabs tabs={TABS} selected={tab} onSelect={selectTab} />
      {tab === 1 || !parsed.ok ? (
        <Card>
          <BlockStack gap="200">
            {!parsed.ok && <Banner tone="critical">{parsed.error} Fix it here to return to the Fields tab.</Banner>}
            <TextField
              label="Mapping document (JSON)"
              value={text}
              onChange={onTextChange}
              multiline={24}
              maxHeight={640}
              monospaced
              autoComplete="off"
              spellCheck={false}
              error={issues.filter((issue) => !issue.path.startsWith("targets[")).map((issue) => `${issue.path}: ${issue.message}`).join("; ") || undefined}
              helpText="Schema: targets[] (object, externalIdField, externalIdSource, fields[], references[], forEach…), policies."
            />
          </BlockStack>
        </Card>
      ) : (
        (parsed.draft.targets ?? []).map((target, t) => (
          <TargetCard
            key={`${revision}:${t}`}
            index={t}
            target={target}
            fields={fields}
            issues={issues}
            revision={revision}
            onFieldChange={(f, field) => edit((draft) => updateField(draft, t, f, field))}
            onFieldRemove={(f) => edit((draft) => removeField(draft, t, f))}
            onFieldAdd={() => edit((draft) => addField(draft, t))}
          />
        ))
      )}
      {tab === 0 && parsed.ok && (parsed.draft.targets ?? []).length === 0 && (
        <Text as="p" tone="subdued">
          No target objects: add one on the JSON tab.
        </Text>
      )}
    </BlockStack>
  );
}
