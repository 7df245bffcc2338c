import { Form } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, InlineStack, Link, Text } from "@shopify/polaris";
import { DateTime } from "../admin/format";
import type { CompletenessView } from "./backfill-views";

const KIND_LABEL: Record<string, string> = {
  missing: "was missing",
  stale: "was out of date",
  failed: "had failed",
  "deleted-in-salesforce": "was deleted in Salesforce",
};
const SHOWN_REPAIRS = 5;

/** Home: how much of Shopify is in Salesforce per resource, what the last check repaired, and "Check now". */
export function CompletenessCard({ completeness }: { completeness: CompletenessView }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Completeness
          </Text>
          <Form method="post">
            <input type="hidden" name="intent" value="check-now" />
            <Button submit size="slim" disabled={completeness.checking}>
              {completeness.checking ? "Checking…" : "Check now"}
            </Button>
          </Form>
        </InlineStack>
        {completeness.failures.map((failure) => (
          <Banner key={failure.resource} tone="warning" title={`The last check of ${failure.resource} failed`}>
            {failure.error} (<DateTime iso={failure.failedAt} />). The next hourly check tries again.
          </Banner>
        ))}
        {completeness.resources.length === 0 && completeness.failures.length === 0 && (
          <Text as="p" tone="subdued">
            Not checked yet. The app compares Shopify with Salesforce every hour and repairs what is missing.
          </Text>
        )}
        {completeness.resources.map((resource) => (
          <Box key={resource.resource} paddingBlockEnd="200" borderBlockEndWidth="025" borderColor="border-secondary">
            <BlockStack gap="100">
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" variant="headingSm">
                  {resource.resource}
                </Text>
                <Badge tone={resource.score >= 100 ? "success" : "attention"}>{`${resource.score}%`}</Badge>
              </InlineStack>
              <Text as="p" variant="bodySm" tone="subdued">
                Records in sync out of {resource.total.toLocaleString("en-US")} in Shopify · checked <DateTime iso={resource.checkedAt} />
              </Text>
              {resource.repairs.length === 0 ? (
                <Text as="p" variant="bodySm">
                  Nothing needed repairing.
                </Text>
              ) : (
                <BlockStack gap="050">
                  <Text as="p" variant="bodySm">
                    Repaired {resource.repairs.length}:
                  </Text>
                  {resource.repairs.slice(0, SHOWN_REPAIRS).map((repair) => (
                    <Text as="p" variant="bodySm" key={`${repair.kind}:${repair.shopifyId}`}>
                      {repair.eventId ? <Link url={`/app/activity/${repair.eventId}`}>{repair.shopifyId}</Link> : repair.shopifyId} {KIND_LABEL[repair.kind] ?? repair.kind}
                    </Text>
                  ))}
                  {resource.repairs.length > SHOWN_REPAIRS && (
                    <Text as="p" variant="bodySm" tone="subdued">
                      and {resource.repairs.length - SHOWN_REPAIRS} more in Sync activity.
                    </Text>
                  )}
                </BlockStack>
              )}
            </BlockStack>
          </Box>
        ))}
      </BlockStack>
    </Card>
  );
}
