import { Badge, BlockStack, Box, Button, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import type { DashboardView } from "../../services/admin/dashboard.server";

export function SetupChecklistCard({ items }: { items: DashboardView["checklist"] }) {
  const done = items.filter((item) => item.done).length;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Setup
          </Text>
          <Text as="span" tone="subdued">
            {done} of {items.length} done
          </Text>
        </InlineStack>
        <ProgressBar progress={(done / items.length) * 100} size="small" tone="success" animated={false} />
        <BlockStack gap="200" as="ol">
          {items.map((item) => (
            <Box as="li" key={item.id}>
              <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
                <InlineStack gap="200" blockAlign="center" wrap={false}>
                  <Badge tone={item.done ? "success" : undefined} progress={item.done ? "complete" : "incomplete"}>
                    {item.done ? "Done" : "To do"}
                  </Badge>
                  <Text as="span">{item.label}</Text>
                </InlineStack>
                {!item.done && (
                  <Button url={item.url} size="slim" accessibilityLabel={`${item.action}: ${item.label}`}>
                    {item.action}
                  </Button>
                )}
              </InlineStack>
            </Box>
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
