import { BlockStack, Card, Link, ProgressBar, Text } from "@shopify/polaris";
import type { ConnectionStatusView } from "../../services/salesforce/connection-status.server";
import { formatNumber } from "../admin/format";

/** Read-only on the home page; the reserve is changed on the connection page. */
export function ApiBudgetSummary({ status }: { status: ConnectionStatusView }) {
  const usage = status.apiUsage;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Salesforce API budget
        </Text>
        {usage ? (
          <>
            <ProgressBar progress={Math.min(100, (usage.used / usage.limit) * 100)} tone={usage.belowReserve ? "critical" : "primary"} size="small" />
            <Text as="p">
              {formatNumber(usage.used)} of {formatNumber(usage.limit)} daily calls used; {status.apiReservePercent}% is kept for other tools.
            </Text>
          </>
        ) : (
          <Text as="p" tone="subdued">
            No usage seen yet: it appears after the first sync or setup check.
          </Text>
        )}
        <Link url="/app/connection">Change the reserve</Link>
      </BlockStack>
    </Card>
  );
}
