import { Banner, BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import type { EstimateView } from "./backfill-views";

const PATH_LABEL = { bulk: "Bulk API 2.0", collections: "sObject Collections" } as const;
const number = (value: number) => value.toLocaleString("en-US");

/** What a backfill will read and send, and what it costs in Salesforce API calls, before it starts. */
export function BackfillEstimateCard({ estimate, title = "Estimate" }: { estimate: EstimateView; title?: string }) {
  const budget =
    estimate.remaining === null
      ? "Salesforce has not reported this org's daily API usage yet (it does after the first sync)."
      : `${number(estimate.remaining)} API calls left today; ${number(estimate.reserve ?? 0)} are kept in reserve for your other tools.`;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        <BlockStack gap="100">
          {estimate.resources.map((resource) => (
            <Text as="p" key={resource.resource}>
              {number(resource.records)} {resource.resource} in Shopify ({resource.shopifyPath === "bulk-operation" ? "read with a bulk operation" : "read page by page"})
            </Text>
          ))}
        </BlockStack>
        <DataTable
          columnContentTypes={["text", "numeric", "text", "numeric"]}
          headings={["Salesforce object", "Records", "Sent with", "API calls"]}
          rows={estimate.objects.map((object) => [object.object, number(object.records), PATH_LABEL[object.path], number(object.apiCalls)])}
          totals={["", "", "", number(estimate.apiCalls)]}
          showTotalsInFooter
        />
        <Text as="p">
          About {number(estimate.apiCalls)} Salesforce API calls. {budget}
        </Text>
        {!estimate.fits && (
          <Banner tone="warning" title="This backfill needs more API calls than are free today">
            It will pause when the reserve is reached and continue when the allocation is renewed. A shorter date range fits in fewer calls.
          </Banner>
        )}
        {estimate.orderWindow && (
          <Banner tone="info" title="Older orders are not visible to this app">
            <BlockStack gap="200">
              <Text as="p">{estimate.orderWindow.message}</Text>
              <Text as="p">{estimate.orderWindow.howToFix}</Text>
            </BlockStack>
          </Banner>
        )}
      </BlockStack>
    </Card>
  );
}
