import { BlockStack, Box, Card, InlineGrid, Link, Text } from "@shopify/polaris";
import type { DashboardView } from "../../services/admin/dashboard.server";
import { formatNumber } from "../admin/format";

function Figure({ label, value, url, tone }: { label: string; value: number; url: string; tone?: "critical" | "success" }) {
  return (
    <Box padding="300" background="bg-surface-secondary" borderRadius="200">
      <BlockStack gap="100">
        <Text as="h3" variant="bodySm" tone="subdued">
          {label}
        </Text>
        <Link url={url} removeUnderline accessibilityLabel={`${label}: ${value}. View in activity`}>
          <Text as="p" variant="headingXl" tone={value > 0 ? tone : undefined}>
            {formatNumber(value)}
          </Text>
        </Link>
      </BlockStack>
    </Box>
  );
}

const age = (minutes: number | null) => (minutes === null ? null : minutes < 60 ? `${minutes} min` : `${Math.round(minutes / 60)} h`);

export function SyncNumbersCard({ today, backlog }: Pick<DashboardView, "today" | "backlog">) {
  const oldest = age(backlog.oldestPendingMinutes);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Today <Text as="span" tone="subdued" variant="bodySm">(since 00:00 UTC)</Text>
        </Text>
        <InlineGrid columns={{ xs: 1, sm: 3 }} gap="300">
          <Figure label="Synced" value={today.synced} url="/app/activity?status=synced" tone="success" />
          <Figure label="Failed" value={today.failed} url="/app/activity?status=failed" tone="critical" />
          <Figure label="Pending" value={today.pending} url="/app/activity?status=pending" />
        </InlineGrid>
        <Text as="p" tone="subdued">
          Backlog: {formatNumber(backlog.pending)} waiting to sync{oldest ? ` (oldest ${oldest} ago)` : ""} · {formatNumber(backlog.needsAttention)} need attention ·{" "}
          {formatNumber(backlog.dead)} dead
        </Text>
      </BlockStack>
    </Card>
  );
}
