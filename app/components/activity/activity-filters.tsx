import { Form, useSearchParams } from "@remix-run/react";
import { Button, Card, InlineGrid, InlineStack, Select, TextField } from "@shopify/polaris";
import { useState } from "react";
import { RESOURCE_OPTIONS } from "../../services/admin/resource-pages";

const STATUS_OPTIONS = [
  { label: "Any status", value: "" },
  { label: "Failed (needs attention or dead)", value: "failed" },
  { label: "Pending (received or queued)", value: "pending" },
  { label: "Synced", value: "synced" },
  { label: "Skipped", value: "skipped" },
  { label: "Needs attention", value: "needs-attention" },
  { label: "Dead", value: "dead" },
  { label: "Queued", value: "queued" },
  { label: "Received", value: "received" },
];

/** A GET form: the filters live in the URL, so a filtered list can be bookmarked and shared. */
export function ActivityFilters() {
  const [params] = useSearchParams();
  const [q, setQ] = useState(params.get("q") ?? "");
  const [resource, setResource] = useState(params.get("resource") ?? "");
  const [status, setStatus] = useState(params.get("status") ?? "");
  const [from, setFrom] = useState(params.get("from") ?? "");
  const [to, setTo] = useState(params.get("to") ?? "");
  return (
    <Card>
      <Form method="get" role="search" aria-label="Filter sync activity">
        <InlineGrid columns={{ xs: 1, sm: 2, md: 5 }} gap="300" alignItems="end">
          <TextField label="Search" name="q" value={q} onChange={setQ} autoComplete="off" placeholder="Exact Shopify id, or topic" clearButton onClearButtonClick={() => setQ("")} />
          <Select label="Resource" name="resource" options={[{ label: "All resources", value: "" }, ...RESOURCE_OPTIONS]} value={resource} onChange={setResource} />
          <Select label="Status" name="status" options={STATUS_OPTIONS} value={status} onChange={setStatus} />
          <TextField label="Received from" name="from" type="date" value={from} onChange={setFrom} autoComplete="off" />
          <TextField label="Received to" name="to" type="date" value={to} onChange={setTo} autoComplete="off" />
        </InlineGrid>
        <div style={{ marginTop: "var(--p-space-300)" }}>
          <InlineStack gap="200">
            <Button submit variant="primary">
              Apply filters
            </Button>
            <Button url="/app/activity" variant="plain">
              Clear
            </Button>
          </InlineStack>
        </div>
      </Form>
    </Card>
  );
}
