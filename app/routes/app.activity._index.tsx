import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { BlockStack, Layout, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useEffect } from "react";
import { z } from "zod";
import { ActivityFilters } from "../components/activity/activity-filters";
import { EventsTable } from "../components/activity/events-table";
import { useAdminLoadingBar, useToast } from "../components/admin/app-bridge";
import { EmptyCard } from "../components/admin/empty-card";
import { AdminErrorBoundary } from "../components/admin/route-error-boundary";
import { decodeCursor } from "../services/admin/activity-query.server";
import { admin } from "../services/admin/admin.server";
import { parseForm, parseSearch, requireAdmin } from "../services/admin/route-helpers.server";
import { EVENT_STATUSES } from "../sync/event-status";
import { PageNote } from "../components/admin/page-note";
import { ComplianceRequestsCard } from "../components/privacy/compliance-requests-card";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((text) => !Number.isNaN(Date.parse(text)));
// Each filter falls back on its own: one bad value does not drop the others.
const Filters = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  resource: z.enum(["customer", "order", "refund", "app", "compliance"]).optional().catch(undefined),
  status: z.enum([...EVENT_STATUSES, "failed", "pending"]).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  after: z.string().max(120).optional().catch(undefined),
  before: z.string().max(120).optional().catch(undefined),
});

const ActionInput = z.object({ intent: z.literal("replay-needs-attention") });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const filters = parseSearch(request, Filters);
  const page = await admin.activity.list(shop, { ...filters, after: decodeCursor(filters.after), before: decodeCursor(filters.before) });
  const filtered = Boolean(filters.q || filters.resource || filters.status || filters.from || filters.to);
  return { page, filtered, privacyRequests: await admin.privacy.requests(shop) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  await parseForm(request, ActionInput);
  return admin.activity.replayNeedsAttention(shop);
};

export default function ActivityPage() {
  const { page, filtered, privacyRequests } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const replay = useFetcher<typeof action>();
  const toast = useToast();
  useAdminLoadingBar();

  useEffect(() => {
    if (replay.state === "idle" && replay.data?.ok) toast(replay.data.count === 0 ? "Nothing needs attention" : `${replay.data.count} event${replay.data.count === 1 ? "" : "s"} queued to sync again`);
  }, [replay.state, replay.data, toast]);

  const pageUrl = (cursor: { after?: string; before?: string }) => {
    const next = new URLSearchParams(params);
    next.delete("after");
    next.delete("before");
    for (const [key, value] of Object.entries(cursor)) if (value) next.set(key, value);
    return `?${next}`;
  };

  return (
    <Page
      title="Sync activity"
      backAction={{ url: "/app" }}
      secondaryActions={[
        {
          content: "Replay all that need attention",
          loading: replay.state !== "idle",
          onAction: () => replay.submit({ intent: "replay-needs-attention" }, { method: "post" }),
        },
      ]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <ComplianceRequestsCard requests={privacyRequests} />
            <ActivityFilters />
            {page.rows.length === 0 ? (
              <EmptyCard heading={filtered ? "No events match these filters" : "No webhooks received yet"} action={filtered ? { content: "Clear filters", url: "/app/activity" } : undefined}>
                {filtered ? "Try a wider date range or another status." : "Events appear here as soon as Shopify sends a customer, order or refund."}
              </EmptyCard>
            ) : (
              <BlockStack gap="200">
                <EventsTable page={page} pageUrl={pageUrl} />
                <PageNote size="bodySm">Newest first, 50 per page.</PageNote>
              </BlockStack>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorBoundary backUrl="/app" />;
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
