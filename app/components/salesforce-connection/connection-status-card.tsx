import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { ConnectionStatusView } from "../../services/salesforce/connection-status.server";
import { DateTime } from "../admin/format";

const BADGES: Record<ConnectionStatusView["status"], { tone: "success" | "critical" | "warning" | undefined; label: string }> = {
  connected: { tone: "success", label: "Connected" },
  "needs-reauth": { tone: "critical", label: "Needs reconnecting" },
  error: { tone: "warning", label: "Error" },
  disconnected: { tone: undefined, label: "Not connected" },
};

export function ConnectionStatusCard({ status }: { status: ConnectionStatusView }) {
  const badge = BADGES[status.status];
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Salesforce org
          </Text>
          <Badge tone={badge.tone}>{badge.label}</Badge>
        </InlineStack>
        {status.statusMessage && <Text as="p">{status.statusMessage}</Text>}
        {status.username && (
          <BlockStack gap="100">
            <Text as="p">
              Signed in as <b>{status.username}</b> ({status.environment}) — org {status.orgId}
            </Text>
            <Text as="p" tone="subdued">
              {status.instanceUrl} · API v{status.apiVersion}
              {status.connectedAt && (
                <>
                  {" · connected "}
                  <DateTime iso={status.connectedAt} />
                </>
              )}
            </Text>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
