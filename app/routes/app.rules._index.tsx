import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Layout, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { z } from "zod";
import { useAdminLoadingBar } from "../components/admin/app-bridge";
import { EmptyCard } from "../components/admin/empty-card";
import { AdminErrorBoundary } from "../components/admin/route-error-boundary";
import { RulesTable } from "../components/rules/rules-table";
import { admin } from "../services/admin/admin.server";
import { notFound, parseForm, requireAdmin } from "../services/admin/route-helpers.server";
import { PageNote } from "../components/admin/page-note";

const ActionInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("toggle"), id: z.string().uuid(), enabled: z.enum(["true", "false"]).transform((value) => value === "true") }),
  z.object({ intent: z.literal("delete"), id: z.string().uuid() }),
]);

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return { rules: await admin.rules.list(shop) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const input = await parseForm(request, ActionInput);
  const done = input.intent === "toggle" ? await admin.rules.setEnabled(shop, input.id, input.enabled) : await admin.rules.remove(shop, input.id);
  return done ? { ok: true as const, intent: input.intent } : notFound();
};

export default function RulesPage() {
  const { rules } = useLoaderData<typeof loader>();
  useAdminLoadingBar();
  return (
    <Page title="Validation rules" backAction={{ url: "/app" }} primaryAction={{ content: "Add rule", url: "/app/rules/new" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="300">
            <PageNote>
              Rules run on every customer, order and refund after mapping and before anything is sent to Salesforce. Salesforce's own required fields, lengths and picklists are checked
              automatically.
            </PageNote>
            {rules.length === 0 ? (
              <EmptyCard heading="No validation rules yet" action={{ content: "Add rule", url: "/app/rules/new" }}>
                Add a rule to stop, flag or trim records that do not meet your CRM's standards, for example "orders must have an email".
              </EmptyCard>
            ) : (
              <RulesTable rules={rules} />
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
