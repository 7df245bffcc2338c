import { BlockStack, Box, Button, Card, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/**
 * An empty state without Polaris EmptyState's illustration: its image is served from Shopify's CDN, which
 * an offline or locked-down admin cannot load, and a broken image is worse than none.
 */
export function EmptyCard({ heading, children, action }: { heading: string; children?: ReactNode; action?: { content: string; url: string } }) {
  return (
    <Card>
      <Box paddingBlock="800" paddingInline="400">
        <BlockStack gap="300" inlineAlign="center">
          <Text as="h2" variant="headingMd" alignment="center">
            {heading}
          </Text>
          {children && (
            <Text as="p" tone="subdued" alignment="center">
              {children}
            </Text>
          )}
          {action && (
            <Button variant="primary" url={action.url}>
              {action.content}
            </Button>
          )}
        </BlockStack>
      </Box>
    </Card>
  );
}
