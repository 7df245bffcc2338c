import { Badge, BlockStack, Box, Card, InlineStack, List, Text } from "@shopify/polaris";
import type { EventDetail } from "../../services/admin/activity.server";
import { DateTime } from "../admin/format";

const OUTCOME_TONES: Record<string, "success" | "critical" | "warning" | "info" | undefined> = {
  synced: "success",
  retry: "info",
  "needs-attention": "warning",
  dead: "critical",
};

/** Every attempt, oldest first, as a list: error messages are long sentences and must wrap, not scroll. */
export function AttemptsCard({ attempts }: { attempts: EventDetail["attempts"] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Attempts
        </Text>
        {attempts.length === 0 ? (
          <Text as="p" tone="subdued">
            Not processed yet.
          </Text>
        ) : (
          <BlockStack gap="300" as="ol">
            {attempts.map((attempt) => (
              <Box as="li" key={attempt.id} paddingBlockEnd="300" borderBlockEndWidth="025" borderColor="border-secondary">
                <BlockStack gap="100">
                  <InlineStack gap="200" blockAlign="center">
                    <Badge tone={OUTCOME_TONES[attempt.outcome]}>{attempt.outcome}</Badge>
                    <Text as="span" variant="bodySm" tone="subdued">
                      Attempt {attempt.attempt} · <DateTime iso={attempt.startedAt} /> · {attempt.apiCalls} API call{attempt.apiCalls === 1 ? "" : "s"} · {attempt.durationMs} ms
                    </Text>
                  </InlineStack>
                  {(attempt.errorCode || attempt.errorMessage) && (
                    <Text as="p" breakWord>
                      {attempt.errorCode && <Text as="span" fontWeight="semibold">{`${attempt.errorCode}: `}</Text>}
                      {attempt.errorMessage}
                    </Text>
                  )}
                  {attempt.warnings.length > 0 && (
                    <List>
                      {attempt.warnings.map((warning, index) => (
                        <List.Item key={index}>{warning}</List.Item>
                      ))}
                    </List>
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
