import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, ProgressBar, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { ConnectionStatusView } from "../../services/salesforce/connection-status.server";
import { formatNumber } from "../admin/format";

export function ApiBudgetCard({ status }: { status: ConnectionStatusView }) {
  const save = useFetcher();
  const [percent, setPercent] = useState(String(status.apiReservePercent));
  const usage = status.apiUsage;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          API budget
        </Text>
        {usage ? (
          <BlockStack gap="200">
            <ProgressBar progress={Math.min(100, (usage.used / usage.limit) * 100)} tone={usage.belowReserve ? "critical" : "primary"} />
            <Text as="p">
              {formatNumber(usage.used)} of {formatNumber(usage.limit)} daily API calls used (rolling 24 hours); sync pauses when fewer than{" "}
              {formatNumber(usage.reserve)} remain.
            </Text>
          </BlockStack>
        ) : (
          <Text as="p">No usage seen yet: it appears after the first sync or setup check.</Text>
        )}
        <save.Form method="post">
          <input type="hidden" name="intent" value="reserve" />
          <InlineStack gap="200" blockAlign="end">
            <TextField
              label="Reserve for other tools (% of the daily allocation)"
              name="percent"
              type="number"
              min={0}
              max={90}
              value={percent}
              onChange={setPercent}
              autoComplete="off"
            />
            <Button submit loading={save.state !== "idle"} disabled={!status.username}>
              Save
            </Button>
          </InlineStack>
        </save.Form>
      </BlockStack>
    </Card>
  );
}
