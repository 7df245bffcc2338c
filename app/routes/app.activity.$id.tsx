import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, InlineStack, Layout, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useEffect } from "react";
import { z } from "zod";
import { AttemptsCard } from "../components/activity/attempts-card";
import { EventSummaryCard } from "../components/activity/event-summary-card";
import { PayloadCard } from "../components/activity/payload-card";
import { SalesforceRecordCard } from "../components/activity/salesforce-record-card";
import { useAdminLoadingBar, useToast } from "../components/admin/app-bridge";
import { AdminErrorBoundary } from "../components/admin/route-error-boundary";
import { admin } from "../services/admin/admin.server";
import { notFound, parseForm, requireAdmin } from "../services/admin/route-helpers.server";

const EventId = z.string().uuid();
const ActionInput = z.object({ intent: z.enum(["replay", "discard", "link"]), salesforceId: z.string().regex(/^[A-Za-z0-9]{15,18}$/).optional() });

function eventIdOf(params: LoaderFunctionArgs["params"]): string {
  const id = EventId.safeParse(params.id);
  return id.success ? id.data : notFound();
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const id = eventIdOf(params);
  const detail = (await admin.activity.detail(shop, id)) ?? notFound();
  return { ...detail, duplicate: await admin.duplicates.offer(shop, id) };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const id = eventIdOf(params);
  const { intent, salesforceId } = await parseForm(request, ActionInput);
  const outcome =
    intent === "link"
      ? await admin.duplicates.link(shop, id, salesforceId ?? "")
      : intent === "replay"
        ? await admin.activity.replay(shop, id)
        : await admin.activity.discard(shop, id);
  return outcome ? { intent, ...outcome } : notFound();
};

export default function EventPage() {
  const detail = useLoaderData<typeof loader>();
  const act = useFetcher<typeof action>();
  const toast = useToast();
  useAdminLoadingBar();
  const busy = act.state !== "idle";

  useEffect(() => {
    if (act.state !== "idle" || !act.data) return;
    if (act.data.ok) toast(act.data.intent === "replay" ? "Event queued to sync again" : act.data.intent === "link" ? "Linked; the event syncs again" : "Event discarded");
    else toast(act.data.message, { isError: true });
  }, [act.state, act.data, toast]);

  const submit = (intent: "replay" | "discard") => act.submit({ intent }, { method: "post" });
  return (
    <Page
      title={`${detail.event.topic} · ${detail.event.shopifyId ?? "no id"}`}
      backAction={{ content: "Sync activity", url: "/app/activity" }}
      primaryAction={detail.canReplay ? { content: "Replay", loading: busy && act.formData?.get("intent") === "replay", disabled: busy, onAction: () => submit("replay") } : undefined}
      secondaryActions={detail.canDiscard ? [{ content: "Discard", destructive: true, disabled: busy, onAction: () => submit("discard") }] : []}
    >
      <Layout>
        {act.data && !act.data.ok && (
          <Layout.Section>
            <Banner tone="warning">{act.data.message}</Banner>
          </Layout.Section>
        )}
        {detail.duplicate && (
          <Layout.Section>
            <Banner tone="warning" title={`A duplicate rule matched existing ${detail.duplicate.object} records`}>
              <BlockStack gap="200">
                <p>Link this {detail.event.resource} to the record it already is in Salesforce; the event then syncs into that record.</p>
                <InlineStack gap="200">
                  {detail.duplicate.ids.map((salesforceId) => (
                    <Button key={salesforceId} disabled={busy} onClick={() => act.submit({ intent: "link", salesforceId }, { method: "post" })}>
                      {`Link to this record (${salesforceId})`}
                    </Button>
                  ))}
                </InlineStack>
              </BlockStack>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            <EventSummaryCard detail={detail} />
            <AttemptsCard attempts={detail.attempts} />
            <PayloadCard text={detail.payloadText} bytes={detail.event.payloadBytes} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <SalesforceRecordCard record={detail.record} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorBoundary backUrl="/app/activity" what="event" />;
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
