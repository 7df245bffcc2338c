import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useAdminLoadingBar } from "../components/admin/app-bridge";
import { AdminErrorBoundary } from "../components/admin/route-error-boundary";
import { CompletenessCard } from "../components/backfill/completeness-card";
import { ApiBudgetSummary } from "../components/home/api-budget-summary";
import { ConnectionStatusCard } from "../components/salesforce-connection/connection-status-card";
import { ProblemsCard } from "../components/home/problems-card";
import { SetupChecklistCard } from "../components/home/setup-checklist-card";
import { SyncChart } from "../components/home/sync-chart";
import { SyncNumbersCard } from "../components/home/sync-numbers-card";
import { admin } from "../services/admin/admin.server";
import { requireAdmin } from "../services/admin/route-helpers.server";
import { backfillAdmin } from "../services/backfill/backfill-admin.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return { shop, dashboard: await admin.dashboard.load(shop), completeness: await backfillAdmin.completeness(shop) };
};

/** "Check now" on the completeness card: the worker reconciles this shop at once. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const form = await request.formData();
  if (form.get("intent") !== "check-now") throw new Response("That request was not understood.", { status: 400 });
  await backfillAdmin.checkNow(shop);
  return { checking: true };
};

export default function Home() {
  const { shop, dashboard, completeness } = useLoaderData<typeof loader>();
  useAdminLoadingBar();
  const { connection } = dashboard;
  return (
    <Page title="Salesforce Sync" subtitle={shop}>
      <Layout>
        {connection.pause && (
          <Layout.Section>
            <Banner tone="warning" title="Sync is paused" action={{ content: "Open connection", url: "/app/connection" }}>
              {connection.pause.message}
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            <SyncNumbersCard today={dashboard.today} backlog={dashboard.backlog} />
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd">
                    Syncs over the last {dashboard.chart.length} days
                  </Text>
                </InlineStack>
                <SyncChart days={dashboard.chart} />
              </BlockStack>
            </Card>
            <ProblemsCard problems={dashboard.problems} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <ConnectionStatusCard status={connection} />
            <SetupChecklistCard items={dashboard.checklist} />
            <CompletenessCard completeness={completeness} />
            <ApiBudgetSummary status={connection} />
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
