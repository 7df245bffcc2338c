import { execute, GraphQLError, parse, validate, type DocumentNode, type ExecutionResult } from "graphql";
import { customerMutationResolvers } from "./customer-mutations";
import { adminSchema } from "./schema";
import { queryCost, SINGLE_QUERY_MAX_COST } from "./query-cost";
import type { EmulatedShop } from "./shop";
import type { PageArgs } from "./connection";

type Json = Record<string, unknown>;
type ListArgs = PageArgs & { query?: string | null; sortKey?: string | null; reverse?: boolean | null };

export interface BulkRunner {
  run(shop: EmulatedShop, query: string): { bulkOperation: unknown; userErrors: Array<{ field: string[] | null; message: string; code: string | null }> };
  cancel(shop: EmulatedShop, id: string): { bulkOperation: unknown; userErrors: Array<{ field: string[] | null; message: string; code: string | null }> };
}

/** The root resolvers; `unbounded` runs connections over every node (bulk operations). */
export function rootValue(shop: EmulatedShop, bulk: BulkRunner | undefined, unbounded: boolean) {
  return {
    shop: () => ({ id: `gid://shopify/Shop/1`, name: shop.domain.split(".")[0], myshopifyDomain: shop.domain, currencyCode: shop.currency, ianaTimezone: "UTC" }),
    customers: (args: ListArgs) => {
      shop.requireScope("customers", "read_customers");
      return shop.list("customers", args, unbounded);
    },
    customer: (args: { id: string }) => shop.findNode(args.id),
    customersCount: (args: { query?: string | null }) => {
      shop.requireScope("customersCount", "read_customers");
      return { count: shop.count("customers", args.query), precision: "EXACT" };
    },
    orders: (args: ListArgs) => {
      shop.requireScope("orders", "read_orders");
      return shop.list("orders", args, unbounded);
    },
    order: (args: { id: string }) => shop.findNode(args.id),
    ordersCount: (args: { query?: string | null }) => {
      shop.requireScope("ordersCount", "read_orders");
      return { count: shop.count("orders", args.query), precision: "EXACT" };
    },
    node: (args: { id: string }) => shop.findNode(args.id),
    // nodes(ids:) answers null (with an error) for an id it may not show, and keeps the others.
    nodes: (args: { ids: string[] }) =>
      args.ids.map((id) => {
        try {
          return shop.findNode(id);
        } catch (error) {
          return error as Error;
        }
      }),
    currentBulkOperation: () => shop.bulkOperations.at(-1)?.toGraphQL() ?? null,
    bulkOperation: (args: { id: string }) => shop.bulkOperations.find((op) => op.id === args.id)?.toGraphQL() ?? null,
    bulkOperationRunQuery: (args: { query: string }) => {
      if (!bulk) throw new GraphQLError("Bulk operations are not available here.");
      return bulk.run(shop, args.query);
    },
    bulkOperationCancel: (args: { id: string }) => {
      if (!bulk) throw new GraphQLError("Bulk operations are not available here.");
      return bulk.cancel(shop, args.id);
    },
    ...customerMutationResolvers(shop),
  };
}

/** Shopify's wording for the validation errors a client is most likely to meet. */
function shopifyValidationError(error: GraphQLError): Json {
  const undefinedField = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(error.message);
  if (undefinedField) {
    return {
      message: `Field '${undefinedField[1]}' doesn't exist on type '${undefinedField[2]}'`,
      locations: error.locations,
      path: error.path,
      extensions: { code: "undefinedField", typeName: undefinedField[2], fieldName: undefinedField[1] },
    };
  }
  return { message: error.message, locations: error.locations, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } };
}

export interface GraphQLAnswer {
  status: number;
  body: Json;
}

/** Parse, validate, price, throttle, execute: one Admin GraphQL request for one shop. */
export async function answerGraphQL(shop: EmulatedShop, request: Json, bulk: BulkRunner): Promise<GraphQLAnswer> {
  shop.requests++;
  const query = request.query;
  if (typeof query !== "string" || query.trim() === "") {
    return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  }
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    const syntax = error as GraphQLError;
    return { status: 200, body: { errors: [{ message: syntax.message, locations: syntax.locations, extensions: { code: "PARSE_ERROR" } }] } };
  }
  const invalid = validate(adminSchema, document);
  if (invalid.length > 0) return { status: 200, body: { errors: invalid.map(shopifyValidationError) } };
  const variables = (request.variables as Json | undefined) ?? {};
  const requested = queryCost(adminSchema, document, variables);
  if (requested > SINGLE_QUERY_MAX_COST) {
    return {
      status: 200,
      body: {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: SINGLE_QUERY_MAX_COST },
          },
        ],
      },
    };
  }
  if (!shop.bucket.take(requested)) {
    shop.throttled++;
    return {
      status: 200,
      body: {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: shop.bucket.status() } },
      },
    };
  }
  const result: ExecutionResult = await execute({
    schema: adminSchema,
    document,
    rootValue: rootValue(shop, bulk, false),
    contextValue: { unbounded: false },
    variableValues: variables,
    operationName: typeof request.operationName === "string" ? request.operationName : undefined,
  });
  const actual = result.data ? queryCost(adminSchema, document, variables, result.data) : requested;
  if (actual < requested) shop.bucket.refund(requested - actual);
  const body: Json = {};
  if (result.errors) body.errors = result.errors.map((error) => ({ message: error.message, locations: error.locations, path: error.path, extensions: error.extensions }));
  body.data = result.data ?? null;
  body.extensions = { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: shop.bucket.status() } };
  return { status: 200, body };
}
