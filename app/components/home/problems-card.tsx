import { BlockStack, Box, Card, InlineStack, Link, Text } from "@shopify/polaris";
import type { DashboardView } from "../../services/admin/dashboard.server";
import { StatusBadge } from "../admin/status-badge";
import { DateTime } from "../admin/format";

export function ProblemsCard({ problems }: { problems: DashboardView["problems"] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between">
          <Text as="h2" variant="headingMd">
            Latest problems
          </Text>
          {problems.length > 0 && <Link url="/app/activity?status=failed">View all</Link>}
        </InlineStack>
        {problems.length === 0 ? (
          <Text as="p" tone="subdued">
            Nothing needs your attention.
          </Text>
        ) : (
          <BlockStack gap="200" as="ul">
            {problems.map((problem) => (
              <Box as="li" key={problem.id} paddingBlockEnd="200" borderBlockEndWidth="025" borderColor="border-secondary">
                <BlockStack gap="100">
                  <InlineStack gap="200" blockAlign="center">
                    <StatusBadge status={problem.status} />
                    <Link url={`/app/activity/${problem.id}`}>
                      {problem.topic} · {problem.shopifyId ?? "no id"}
                    </Link>
                    <Text as="span" tone="subdued" variant="bodySm">
                      <DateTime iso={problem.receivedAt} />
                    </Text>
                  </InlineStack>
                  {problem.lastError && (
                    <Text as="p" variant="bodySm" breakWord>
                      {problem.lastError.length > 240 ? `${problem.lastError.slice(0, 240)}…` : problem.lastError}
                    </Text>
                  )}
                </BlockStack>
              </Box>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
