import { Form } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Link, ProgressBar, Text } from "@shopify/polaris";
import { DateTime } from "../admin/format";
import type { RunView } from "./backfill-views";

const STATUS: Record<RunView["status"], { label: string; tone?: "success" | "attention" | "critical" | "info" }> = {
  planned: { label: "Planned", tone: "info" },
  running: { label: "Running", tone: "info" },
  paused: { label: "Paused", tone: "attention" },
  canceled: { label: "Canceled" },
  completed: { label: "Completed", tone: "success" },
  failed: { label: "Failed", tone: "critical" },
};

function RunButton({ runId, intent, children, destructive }: { runId: string; intent: string; children: string; destructive?: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="runId" value={runId} />
      <Button submit tone={destructive ? "critical" : undefined}>
        {children}
      </Button>
    </Form>
  );
}

/** The latest run: progress while it runs, pause/resume/cancel, and the final report. */
export function BackfillRunCard({ run }: { run: RunView }) {
  const status = STATUS[run.status];
  const rows = run.resources.map((resource) => {
    const progress = (run.report?.resources ?? run.progress)[resource] ?? { total: 0, read: 0, synced: 0, failed: 0, skipped: 0 };
    return [resource, progress.total, progress.read, progress.synced, progress.skipped, progress.failed];
  });
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {run.status === "completed" ? "Backfill report" : "Backfill"}
          </Text>
          <Badge tone={status.tone}>{status.label}</Badge>
        </InlineStack>
        <Text as="p" tone="subdued">
          {run.resources.join(" and ")}, created {run.from ? `from ${run.from.slice(0, 10)}` : "from the beginning"} {run.to ? `until ${run.to.slice(0, 10)}` : "until now"} · started{" "}
          {run.startedAt ? <DateTime iso={run.startedAt} /> : "not yet"}
          {run.finishedAt && (
            <>
              {" "}
              · finished <DateTime iso={run.finishedAt} />
            </>
          )}
        </Text>
        {(run.status === "running" || run.status === "paused") && <ProgressBar progress={run.percent} tone={run.status === "paused" ? "highlight" : "primary"} />}
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
          headings={["Resource", "In range", "Read", "Synced", "Unchanged", "Failed"]}
          rows={rows}
        />
        {run.lastError && (
          <Banner tone={run.status === "failed" ? "critical" : "warning"} title={run.status === "running" ? "A step failed and is being retried" : "The backfill stopped"}>
            {run.lastError}
          </Banner>
        )}
        {rows.some((row) => Number(row[5]) > 0) && (
          <Text as="p">
            Failed records are in <Link url="/app/activity?status=failed">Sync activity</Link>, where they can be fixed and replayed.
          </Text>
        )}
        <InlineStack gap="200">
          {run.status === "running" && <RunButton runId={run.id} intent="pause">Pause</RunButton>}
          {(run.status === "paused" || run.status === "failed") && <RunButton runId={run.id} intent="resume">Resume</RunButton>}
          {(run.status === "running" || run.status === "paused" || run.status === "planned") && (
            <RunButton runId={run.id} intent="cancel" destructive>
              Cancel
            </RunButton>
          )}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
