import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, List, Text } from "@shopify/polaris";
import type { HealthReport } from "../../services/salesforce/setup-check.server";
import { DateTime } from "../admin/format";

export function SetupCheckCard({ report, canRun }: { report: HealthReport | null; canRun: boolean }) {
  const check = useFetcher();
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Health and setup check
            </Text>
            {report && <Badge tone={report.ready ? "success" : "critical"}>{report.ready ? "Ready" : "Action needed"}</Badge>}
          </InlineStack>
          <Button disabled={!canRun} loading={check.state !== "idle"} onClick={() => check.submit({ intent: "check" }, { method: "post" })}>
            Run setup check
          </Button>
        </InlineStack>
        {!report && <Text as="p">Not run yet. It reads your org's objects and fields (about ten API calls).</Text>}
        {report && (
          <Text as="p" tone="subdued">
            Checked <DateTime iso={report.checkedAt} /> · API {report.reachable ? "reachable" : "unreachable"}
          </Text>
        )}
        {report?.error && <Banner tone="critical">{report.error}</Banner>}
        {report?.issues.map((issue) => (
          <Banner key={`${issue.object}.${issue.field ?? ""}.${issue.problem}`} tone={issue.severity === "error" ? "critical" : "warning"} title={issue.message}>
            <List type="number">
              {issue.steps.map((step) => (
                <List.Item key={step}>{step}</List.Item>
              ))}
            </List>
          </Banner>
        ))}
        {report?.reachable && report.issues.length === 0 && <Banner tone="success">Every object and field the default mappings use is in place.</Banner>}
      </BlockStack>
    </Card>
  );
}
