import type { AdminGraphqlRequest } from "./shopify-writer.server";

// Shopify's own Admin GraphQL client with the shop's offline session (shopify-app-remix's
// `unauthenticated.admin`), shaped as the writer's port. Loaded lazily so a worker without Shopify app
// credentials never imports the app configuration.

export async function offlineAdminClient(shop: string): Promise<AdminGraphqlRequest> {
  const { unauthenticated } = await import("../../shopify.server");
  const { admin } = await unauthenticated.admin(shop);
  return async (query, { variables }) => {
    // Depending on the library version GraphQL errors are thrown (GraphqlQueryError) or returned; either
    // way the writer sees a thrown error whose body carries them, as Shopify's GraphqlClient.request does.
    const response = await admin.graphql(query, { variables });
    const body = (await response.json()) as { data?: unknown; errors?: unknown[]; extensions?: unknown };
    if (Array.isArray(body.errors) && body.errors.length > 0) {
      throw Object.assign(new Error(String((body.errors[0] as { message?: string }).message ?? "GraphQL operation failed")), {
        body: { errors: { graphQLErrors: body.errors }, extensions: body.extensions },
      });
    }
    return body;
  };
}
