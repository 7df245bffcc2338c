import { Banner, BlockStack, Card, DescriptionList, InlineStack, Link, Text } from "@shopify/polaris";
import type { EventDetail } from "../../services/admin/activity.server";
import { StatusBadge } from "../admin/status-badge";
import { DateTime } from "../admin/format";

const when = (iso: string | null) => (iso ? <DateTime iso={iso} /> : "—");

export function EventSummaryCard({ detail }: { detail: EventDetail }) {
  const { event } = detail;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Event
          </Text>
          <StatusBadge status={event.status} />
        </InlineStack>
        {detail.waitingFor && (
          <Banner tone="info" title={`Waiting for ${detail.waitingFor}`}>
            <Text as="p">It is sent by itself as soon as its {detail.waitingFor.split(" ")[0]} reaches Salesforce.</Text>
          </Banner>
        )}
        {event.lastError && (
          <Banner tone={event.status === "skipped" ? "info" : "critical"} title={event.lastErrorCode ?? "Last error"}>
            <Text as="p" breakWord>
              {event.lastError}
            </Text>
          </Banner>
        )}
        <DescriptionList
          items={[
            { term: "Topic", description: event.topic },
            {
              term: "Shopify record",
              description: detail.shopifyUrl ? (
                <Link url={detail.shopifyUrl} target="_blank">
                  {event.resource} {event.shopifyId} (opens in Shopify admin)
                </Link>
              ) : (
                `${event.resource} ${event.shopifyId ?? "—"}`
              ),
            },
            { term: "Received", description: when(event.receivedAt) },
            { term: "Triggered in Shopify", description: when(event.triggeredAt) },
            { term: "Processed", description: when(event.processedAt) },
            { term: "Attempts", description: String(event.attempts) },
            { term: "Mapping version", description: event.mappingVersion === null ? "—" : event.mappingVersion === 0 ? "Default mapping" : `Version ${event.mappingVersion}` },
          ]}
        />
      </BlockStack>
    </Card>
  );
}
