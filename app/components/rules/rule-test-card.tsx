import { Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import type { Violation } from "../../sync/violation";
import { PayloadSourceSelect, type RecentEventSummary } from "../admin/payload-source-select";
import { ViolationsList } from "../admin/violations-list";

export type RuleTestResult = { ok: true; payloadLabel: string; violations: Violation[]; passed: boolean } | { ok: false };

/** Tries the rule as it is in the form (saved or not) on a payload mapped with the active mapping. */
export function RuleTestCard({ recent, noun, onTest, testing, result }: { recent: RecentEventSummary | null; noun: string; onTest(source: string): void; testing: boolean; result: RuleTestResult | undefined }) {
  const [source, setSource] = useState("sample");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Test this rule
        </Text>
        <PayloadSourceSelect value={source} onChange={setSource} recent={recent} noun={noun} />
        <InlineStack>
          <Button onClick={() => onTest(source)} loading={testing}>
            Run test
          </Button>
        </InlineStack>
        {result?.ok && (
          <BlockStack gap="200" role="status">
            <Text as="p" tone="subdued" variant="bodySm">
              {result.payloadLabel}
            </Text>
            {result.passed ? <Banner tone="success">The payload passes this rule.</Banner> : <ViolationsList violations={result.violations} />}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
