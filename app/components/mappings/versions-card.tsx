import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { MappingVersionView } from "../../services/admin/mapping-store.server";
import { DateTime } from "../admin/format";

export function VersionsCard({ versions, onRestore, busy }: { versions: MappingVersionView[]; onRestore(version: number): void; busy: boolean }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Version history
        </Text>
        {versions.length === 0 ? (
          <Text as="p" tone="subdued">
            Nothing saved yet: the built-in default mapping is in use.
          </Text>
        ) : (
          <BlockStack gap="200" as="ul">
            {versions.map((version) => (
              <InlineStack key={version.version} as="li" align="space-between" blockAlign="center" gap="200">
                <BlockStack gap="050">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="span" fontWeight="semibold">
                      Version {version.version}
                    </Text>
                    {version.isActive && <Badge tone="success">Active</Badge>}
                  </InlineStack>
                  <Text as="span" tone="subdued" variant="bodySm">
                    <DateTime iso={version.createdAt} />
                    {version.createdBy ? ` · ${version.createdBy}` : ""}
                  </Text>
                </BlockStack>
                {!version.isActive && (
                  <Button size="slim" disabled={busy} onClick={() => onRestore(version.version)} accessibilityLabel={`Restore version ${version.version}`}>
                    Restore
                  </Button>
                )}
              </InlineStack>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
