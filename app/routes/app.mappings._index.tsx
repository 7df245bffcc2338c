import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useAdminLoadingBar } from "../components/admin/app-bridge";
import { AdminErrorBoundary } from "../components/admin/route-error-boundary";
import { admin } from "../services/admin/admin.server";
import { RESOURCE_PAGES } from "../services/admin/resource-pages";
import { requireAdmin } from "../services/admin/route-helpers.server";
import { DateTime } from "../components/admin/format";
import { PageNote } from "../components/admin/page-note";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return { mappings: await admin.mappings.list(shop) };
};

export default function MappingsPage() {
  const { mappings } = useLoaderData<typeof loader>();
  useAdminLoadingBar();
  return (
    <Page title="Field mappings" backAction={{ url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="300">
            <PageNote>
              Which Shopify field lands in which Salesforce field. Every save is a new version; events record the version that synced them. Line items are part of the order mapping.
            </PageNote>
            <Card padding="0">
              {mappings.map((mapping, index) => {
                const page = RESOURCE_PAGES[mapping.resource];
                return (
                  <Box key={mapping.resource} padding="400" borderBlockStartWidth={index === 0 ? "0" : "025"} borderColor="border-secondary">
                    <InlineStack align="space-between" blockAlign="center" gap="300">
                      <BlockStack gap="100">
                        <InlineStack gap="200" blockAlign="center">
                          <Text as="h2" variant="headingMd">
                            {page.title}
                          </Text>
                          <Badge tone={mapping.version === 0 ? "info" : "success"}>{mapping.version === 0 ? "Default mapping" : `Version ${mapping.version}`}</Badge>
                        </InlineStack>
                        <Text as="p" tone="subdued">
                          → {mapping.objects.join(", ")}
                          {mapping.savedAt ? (
                            <>
                              {" · saved "}
                              <DateTime iso={mapping.savedAt} />
                            </>
                          ) : null}
                          {mapping.versions > 1 ? ` · ${mapping.versions} versions` : ""}
                        </Text>
                      </BlockStack>
                      <Button url={`/app/mappings/${page.slug}`} accessibilityLabel={`Edit the ${page.noun} mapping`}>
                        Edit
                      </Button>
                    </InlineStack>
                  </Box>
                );
              })}
            </Card>
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
