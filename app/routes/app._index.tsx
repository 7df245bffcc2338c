import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import prisma from "../db.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const byStatus = await prisma.webhookEvent.groupBy({
    by: ["status"],
    where: { shop: session.shop },
    _count: { _all: true },
  });
  return { shop: session.shop, counts: byStatus.map((row) => ({ status: row.status, count: row._count._all })) };
};

export default function Home() {
  const { shop, counts } = useLoaderData<typeof loader>();
  return (
    <Page title="Salesforce Sync">
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Events received for {shop}
              </Text>
              {counts.length === 0 ? (
                <Text as="p">No webhooks received yet.</Text>
              ) : (
                counts.map((row) => (
                  <Text as="p" key={row.status}>
                    {row.status}: {row.count}
                  </Text>
                ))
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
