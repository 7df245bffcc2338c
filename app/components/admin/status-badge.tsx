import { Badge } from "@shopify/polaris";

type Tone = "success" | "critical" | "warning" | "attention" | "info" | undefined;

const EVENT_BADGES: Record<string, { tone: Tone; label: string }> = {
  received: { tone: "info", label: "Received" },
  queued: { tone: "info", label: "Queued" },
  synced: { tone: "success", label: "Synced" },
  skipped: { tone: undefined, label: "Skipped" },
  "needs-attention": { tone: "warning", label: "Needs attention" },
  dead: { tone: "critical", label: "Dead" },
  // SyncRecord statuses
  pending: { tone: "info", label: "Pending" },
  deleted: { tone: undefined, label: "Deleted" },
};

export function StatusBadge({ status }: { status: string }) {
  const badge = EVENT_BADGES[status] ?? { tone: undefined, label: status };
  return <Badge tone={badge.tone}>{badge.label}</Badge>;
}
