import { useNavigate } from "@remix-run/react";
import { Card, IndexTable, Link, Text, useBreakpoints } from "@shopify/polaris";
import type { ActivityPage } from "../../services/admin/activity.server";
import { StatusBadge } from "../admin/status-badge";

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
        {page.rows.map((row, index) => (
          <IndexTable.Row id={row.id} key={row.id} position={index}>
            <IndexTable.Cell>
              <Link url={`/app/activity/${row.id}`} dataPrimaryLink>
                {new Date(row.receivedAt).toLocaleString()}
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
                {row.lastError && row.lastError.length > 120 ? `${row.lastError.slice(0, 120)}…` : row.lastError ?? ""}
              </Text>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Card>
  );
}
