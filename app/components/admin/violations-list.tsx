import { Badge, BlockStack, InlineStack, Text } from "@shopify/polaris";
import type { Violation } from "../../sync/violation";

const ACTIONS: Record<Violation["action"], { tone: "critical" | "warning" | "attention"; label: string }> = {
  block: { tone: "critical", label: "Blocks" },
  warn: { tone: "warning", label: "Warning" },
  "drop-field": { tone: "attention", label: "Field dropped" },
};

export function ViolationsList({ violations }: { violations: readonly Violation[] }) {
  return (
    <BlockStack gap="200" as="ul">
      {violations.map((violation, index) => (
        <InlineStack key={`${violation.field}:${violation.rule}:${index}`} gap="200" blockAlign="start" wrap={false} as="li">
          <Badge tone={ACTIONS[violation.action].tone}>{ACTIONS[violation.action].label}</Badge>
          <BlockStack gap="050">
            <Text as="span" fontWeight="semibold">
              {violation.field}
            </Text>
            <Text as="span">{violation.message}</Text>
          </BlockStack>
        </InlineStack>
      ))}
    </BlockStack>
  );
}
