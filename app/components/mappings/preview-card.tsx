import { Badge, Banner, BlockStack, Box, Button, Card, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { DryRunRecord } from "../../services/admin/dry-run.server";
import type { ReversePreviewView } from "../../services/reverse-sync/reverse-preview.server";
import type { Violation } from "../../sync/violation";
import { PayloadSourceSelect, type RecentEventSummary } from "../admin/payload-source-select";
import { ViolationsList } from "../admin/violations-list";

export type PreviewData = { ok: true; payloadLabel: string; result: { records: DryRunRecord[]; violations: Violation[] }; notes: string[]; reverse?: ReversePreviewView | null } | { ok: false };

const OUTCOMES: Record<string, string> = {
  unchanged: "Unchanged",
  "in-step": "Already equal",
  write: "Would be written to Shopify",
  "kept-shopify": "Shopify's value kept (Shopify owns it)",
  "to-salesforce": "Shopify's value would go to Salesforce",
  invalid: "Cannot be written",
};
const shown = (value: string | null) => (value === null ? "(empty)" : value);

/** The Salesforce → Shopify half: per field that flows back, what the next poll would do, and its request. */
function ReversePreviewSection({ reverse }: { reverse: ReversePreviewView }) {
  return (
    <BlockStack gap="200" role="group" aria-label="Salesforce to Shopify preview">
      <Text as="h3" variant="headingSm">
        Salesforce → Shopify
      </Text>
      <Text as="p" tone="subdued" variant="bodySm">
        Salesforce values: {reverse.salesforceSource}. Shopify values: the payload.
      </Text>
      {reverse.fields.map((field) => (
        <Box key={field.field} padding="200" background="bg-surface-secondary" borderRadius="200">
          <BlockStack gap="100">
            <InlineStack gap="200" blockAlign="center">
              <Text as="span" variant="bodySm" fontWeight="semibold">
                {field.label} → {field.shopify}
              </Text>
              <Badge tone={field.outcome === "write" || field.outcome === "to-salesforce" ? "success" : field.outcome === "invalid" ? "critical" : undefined}>{OUTCOMES[field.outcome] ?? field.outcome}</Badge>
            </InlineStack>
            <Text as="p" variant="bodySm" breakWord>
              Salesforce: {shown(field.salesforceValue)} · Shopify: {shown(field.shopifyValue)}
              {field.losing ? ` · losing value (${field.losing.side}): ${shown(field.losing.value)}` : ""}
              {field.problem ? ` · ${field.problem}` : ""}
            </Text>
          </BlockStack>
        </Box>
      ))}
      {reverse.mutation && (
        <TextField label="Admin GraphQL request" value={`${reverse.mutation.query}\n${JSON.stringify(reverse.mutation.variables, null, 1)}`} multiline readOnly monospaced autoComplete="off" />
      )}
    </BlockStack>
  );
}

const DISPOSITIONS = {
  send: { tone: "success" as const, label: "Would be sent" },
  unchanged: { tone: undefined, label: "Unchanged, not sent" },
  blocked: { tone: "critical" as const, label: "Blocked" },
};
const SHOWN_RECORDS = 12;

function RecordPreview({ record }: { record: DryRunRecord }) {
  const disposition = DISPOSITIONS[record.disposition];
  return (
    <Box padding="300" background="bg-surface-secondary" borderRadius="200">
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h3" variant="headingSm">
            {record.object}
          </Text>
          <Badge tone={disposition.tone}>{disposition.label}</Badge>
          <Badge>{record.exists ? "update" : "create"}</Badge>
        </InlineStack>
        <Text as="p" variant="bodySm" tone="subdued" breakWord>
          PATCH /composite/sobjects/{record.object}/{record.externalIdField} · {record.externalId}
        </Text>
        <TextField label={`${record.object} request body`} labelHidden value={JSON.stringify(record.body, null, 1)} multiline readOnly monospaced autoComplete="off" />
      </BlockStack>
    </Box>
  );
}

/** Runs the editor's current document (saved or not) on a payload, exactly as the worker would. */
export function PreviewCard({ recent, noun, onPreview, running, data }: { recent: RecentEventSummary | null; noun: string; onPreview(source: string): void; running: boolean; data: PreviewData | undefined }) {
  const [source, setSource] = useState("sample");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Preview
        </Text>
        <PayloadSourceSelect value={source} onChange={setSource} recent={recent} noun={noun} />
        <InlineStack>
          <Button onClick={() => onPreview(source)} loading={running}>
            Run preview
          </Button>
        </InlineStack>
        {data?.ok && (
          <BlockStack gap="300" role="status" aria-label="Preview result">
            <Text as="p" tone="subdued" variant="bodySm">
              {data.payloadLabel}: {data.result.records.length} Salesforce records, {data.result.violations.length} findings. Nothing is sent or saved.
            </Text>
            {data.notes.map((note) => (
              <Banner key={note} tone="info">
                {note}
              </Banner>
            ))}
            {data.result.violations.length > 0 && <ViolationsList violations={data.result.violations} />}
            {data.result.records.slice(0, SHOWN_RECORDS).map((record) => (
              <RecordPreview key={record.key} record={record} />
            ))}
            {data.result.records.length > SHOWN_RECORDS && (
              <Text as="p" tone="subdued">
                … and {data.result.records.length - SHOWN_RECORDS} more records.
              </Text>
            )}
            {data.reverse && <ReversePreviewSection reverse={data.reverse} />}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
