import { useNavigate } from "@remix-run/react";
import { BlockStack, Card, IndexTable, InlineStack, Link, Text, useBreakpoints } from "@shopify/polaris";
import type { ActivityPage } from "../../services/admin/activity.server";
import { StatusBadge } from "../admin/status-badge";
import { DateTime } from "../admin/format";

// Table cells do not wrap: the list shows the start of an error, the event page all of it.
const shorten = (text: string, max = 70) => (text.length > max ? `${text.slice(0, max)}…` : text);

export function EventsTable({ page, pageUrl }: { page: ActivityPage; pageUrl(cursor: { after?: string; before?: string }): string }) {
  const navigate = useNavigate();
  const { smDown } = useBreakpoints();
  return (
    <Card padding="0">
      <IndexTable
        resourceName={{ singular: "event", plural: "events" }}
        itemCount={page.rows.length}
        selectable={false}
        condensed={smDown}
        headings={[{ title: "Received" }, { title: "Topic" }, { title: "Shopify record" }, { title: "Status" }, { title: "Attempts", alignment: "end" }, { title: "Last error" }]}
        pagination={{
          hasNext: page.next !== null,
          hasPrevious: page.previous !== null,
          onNext: () => page.next && navigate(pageUrl({ after: page.next })),
          onPrevious: () => page.previous && navigate(pageUrl({ before: page.previous })),
        }}
      >
        {page.rows.map((row, index) =>
          smDown ? (
            // Condensed (phones): one cell per row, stacked, as Polaris' condensed IndexTable expects.
            <IndexTable.Row id={row.id} key={row.id} position={index}>
              <div style={{ padding: "var(--p-space-300) var(--p-space-400)" }}>
                <BlockStack gap="100">
                  <InlineStack align="space-between" blockAlign="center" gap="200">
                    <Link url={`/app/activity/${row.id}`} dataPrimaryLink>
                      {row.topic} · {row.shopifyId ?? "—"}
                    </Link>
                    <StatusBadge status={row.status} />
                  </InlineStack>
                  <Text as="span" variant="bodySm" tone="subdued">
                    <DateTime iso={row.receivedAt} /> · {row.attempts} attempt{row.attempts === 1 ? "" : "s"}
                  </Text>
                  {row.lastError && (
                    <Text as="span" variant="bodySm" breakWord>
                      {shorten(row.lastError, 140)}
                    </Text>
                  )}
                </BlockStack>
              </div>
            </IndexTable.Row>
          ) : (
            <IndexTable.Row id={row.id} key={row.id} position={index}>
              <IndexTable.Cell>
                <Link url={`/app/activity/${row.id}`} dataPrimaryLink>
                  <DateTime iso={row.receivedAt} />
                </Link>
              </IndexTable.Cell>
              <IndexTable.Cell>{row.topic}</IndexTable.Cell>
              <IndexTable.Cell>
                {row.shopifyUrl ? (
                  <Link url={row.shopifyUrl} target="_blank" accessibilityLabel={`Open ${row.resource} ${row.shopifyId} in Shopify`}>
                    {row.shopifyId}
                  </Link>
                ) : (
                  row.shopifyId ?? "—"
                )}
              </IndexTable.Cell>
              <IndexTable.Cell>
                <StatusBadge status={row.status} />
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {row.attempts}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" tone="subdued">
                  {row.lastError ? shorten(row.lastError) : ""}
                </Text>
              </IndexTable.Cell>
            </IndexTable.Row>
          ),
        )}
      </IndexTable>
    </Card>
  );
}
