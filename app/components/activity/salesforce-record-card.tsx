import { BlockStack, Card, InlineStack, Link, List, Text } from "@shopify/polaris";
import type { EventDetail } from "../../services/admin/activity.server";
import { StatusBadge } from "../admin/status-badge";
import { DateTime } from "../admin/format";

export function SalesforceRecordCard({ record }: { record: EventDetail["record"] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            In Salesforce
          </Text>
          {record && <StatusBadge status={record.status} />}
        </InlineStack>
        {!record || record.links.length === 0 ? (
          <Text as="p" tone="subdued">
            Nothing of this record has been written to Salesforce yet.
          </Text>
        ) : (
          <List>
            {record.links.map((link) => (
              <List.Item key={link.key}>
                {link.key}:{" "}
                {link.url ? (
                  <Link url={link.url} target="_blank" accessibilityLabel={`Open ${link.key} ${link.id} in Salesforce`}>
                    {link.id}
                  </Link>
                ) : (
                  link.id
                )}
              </List.Item>
            ))}
          </List>
        )}
        {record?.lastSyncedAt && (
          <Text as="p" tone="subdued" variant="bodySm">
            Last synced <DateTime iso={record.lastSyncedAt} />
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
