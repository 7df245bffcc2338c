import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, BlockStack, Card, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { EmptyCard } from "./empty-card";

/**
 * Admin pages' error boundary: a Polaris "not found" for ids that are not this shop's, a Polaris error for
 * the rest, and Shopify's own boundary for its auth responses (re-auth, bounce), which must reach App Bridge.
 */
export function AdminErrorBoundary({ backUrl, what = "page" }: { backUrl: string; what?: string }) {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Page title="Not found" backAction={{ url: backUrl }}>
        <EmptyCard heading={`This ${what} does not exist`} action={{ content: "Go back", url: backUrl }}>
          It may have been deleted, or the link belongs to another shop.
        </EmptyCard>
      </Page>
    );
  }
  if (isRouteErrorResponse(error) && (error.status === 400 || error.status === 405)) {
    return (
      <Page title="Something went wrong" backAction={{ url: backUrl }}>
        <Banner tone="critical">That request was not understood. Go back and try again.</Banner>
      </Page>
    );
  }
  if (isRouteErrorResponse(error)) return boundary.error(error);
  return (
    <Page title="Something went wrong" backAction={{ url: backUrl }}>
      <Card>
        <BlockStack gap="200">
          <Banner tone="critical">This page could not be loaded. Try again in a moment; if it keeps happening, contact support.</Banner>
          {error instanceof Error && (
            <Text as="p" tone="subdued">
              {error.message}
            </Text>
          )}
        </BlockStack>
      </Card>
    </Page>
  );
}
