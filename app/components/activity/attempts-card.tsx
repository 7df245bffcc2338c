import { BlockStack, Card, DataTable, List, Text } from "@shopify/polaris";
import type { EventDetail } from "../../services/admin/activity.server";

export function AttemptsCard({ attempts }: { attempts: EventDetail["attempts"] }) {
  const warnings = attempts.flatMap((attempt) => attempt.warnings.map((warning) => ({ attempt: attempt.attempt, warning })));
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
          <DataTable
            columnContentTypes={["text", "numeric", "text", "numeric", "text", "numeric"]}
            headings={["When", "Attempt", "Outcome", "API calls", "Error", "Duration (ms)"]}
            rows={attempts.map((attempt) => [
              new Date(attempt.startedAt).toLocaleString(),
              attempt.attempt,
              attempt.outcome,
              attempt.apiCalls,
              attempt.errorCode ? `${attempt.errorCode}: ${attempt.errorMessage ?? ""}` : attempt.errorMessage ?? "",
              attempt.durationMs,
            ])}
            verticalAlign="top"
          />
        )}
        {warnings.length > 0 && (
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm">
              Warnings
            </Text>
            <List>
              {warnings.map((item, index) => (
                <List.Item key={index}>
                  Attempt {item.attempt}: {item.warning}
                </List.Item>
              ))}
            </List>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
