import { getAppContext } from "../../context.server";
import prisma from "../../db.server";
import { salesforce } from "../../salesforce.server";
import { apiVersion, authenticate } from "../../shopify.server";
import { createShopifyAdminRecords, ShopifyAdminApiError, type ShopifyAdminRecords } from "../shopify/admin-records.server";
import { createManualSync, MAX_SELECTION, SYNC_RESOURCES, type ManualSync, type SyncResource } from "./manual-sync.server";
import { createRateLimiter } from "./rate-limit.server";
import { createRecordStatus } from "./record-status.server";

// The admin extensions' backend (app/routes/api.extensions.*): Shopify's authenticate.admin checks the
// session token the admin adds to every extension fetch and answers CORS (preflight included), the shop
// comes from that token only, and every answer — errors too — carries the CORS headers, or the
// extension would only see a network error.

const statusService = createRecordStatus({
  prisma,
  instanceUrl: async (shop) => (await salesforce.status(shop)).instanceUrl,
  connected: async (shop) => (await salesforce.status(shop)).status === "connected",
});

let manualSync: ManualSync | undefined;
async function getManualSync(): Promise<ManualSync> {
  if (!manualSync) {
    const context = await getAppContext();
    // The webhooks' own inbox: same transactions, same worker wake-up.
    manualSync = createManualSync({ inbox: context.inbox, apiVersion: String(apiVersion) });
  }
  return manualSync;
}

// A block loads once per page view; a merchant paging through orders stays well inside 120 a minute.
// Syncs cost Shopify API calls: a selection of 250 costs 250 tokens of a 2,000 bucket refilled at 5/s, so
// a merchant can send eight full selections at once and then one every 50 s.
const reads = createRateLimiter({ capacity: 120, refillPerSecond: 2 });
const writes = createRateLimiter({ capacity: 2_000, refillPerSecond: 5 });

export interface ExtensionRequest {
  shop: string;
  admin: ShopifyAdminRecords;
  json(body: unknown, init?: number): Response;
}

type Cors = (response: Response) => Response;

export class ExtensionError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Authenticates, rate-limits and runs `handle`; any failure becomes a JSON error with CORS headers. */
export async function handleExtensionRequest(request: Request, kind: "read" | "write", handle: (context: ExtensionRequest, cost: (tokens: number) => void) => Promise<Response>): Promise<Response> {
  // Extensions always send a session token; without one authenticate.admin would take this for a document
  // load and redirect to the login page, which a fetch cannot follow.
  if (request.method !== "OPTIONS" && !/^Bearer \S+/.test(request.headers.get("Authorization") ?? "")) {
    return Response.json({ error: "A Shopify session token is required." }, { status: 401, headers: { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "Authorization, Content-Type" } });
  }
  // Throws Shopify's own Responses: 204 for a CORS preflight, 401 for a bad or expired token (with CORS).
  const { session, admin, cors } = await authenticate.admin(request);
  const respond = (body: unknown, status = 200) => cors(Response.json(body, { status, headers: { "Cache-Control": "no-store" } }));
  try {
    const limiter = kind === "read" ? reads : writes;
    const charge = (tokens: number) => {
      const taken = limiter.take(session.shop, tokens);
      if (!taken.allowed) throw new ExtensionError(429, "Too many requests from this shop; try again shortly.", { "Retry-After": String(taken.retryAfterSeconds) });
    };
    charge(1);
    return await handle({ shop: session.shop, admin: createShopifyAdminRecords((query, options) => admin.graphql(query, options)), json: respond }, (tokens) => charge(tokens - 1));
  } catch (error) {
    if (error instanceof ExtensionError) return withHeaders(cors, respond({ error: error.message }, error.status), error.headers);
    if (error instanceof ShopifyAdminApiError) return respond({ error: error.message }, 502);
    throw error;
  }
}

function withHeaders(cors: Cors, response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return cors(response);
}

/** `123`, or `gid://shopify/Order/123` as the admin hands selected ids to extensions. */
export function parseShopifyId(value: unknown, resource: SyncResource): string {
  const type = resource === "order" ? "Order" : "Customer";
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  const match = new RegExp(`^(?:gid://shopify/${type}/)?(\\d{1,20})$`).exec(text);
  if (!match) throw new ExtensionError(400, `"${String(value).slice(0, 80)}" is not a Shopify ${resource} id.`);
  return match[1];
}

export function parseResource(value: unknown): SyncResource {
  const resource = value === "orders" ? "order" : value === "customers" ? "customer" : value;
  if (!(SYNC_RESOURCES as readonly unknown[]).includes(resource)) throw new ExtensionError(400, "resource must be order or customer.");
  return resource as SyncResource;
}

export async function readJson(request: Request): Promise<Record<string, unknown>> {
  if (request.method !== "POST") throw new ExtensionError(405, "Use POST.");
  const text = await request.text();
  if (text.length > 64 * 1024) throw new ExtensionError(413, "Request body too large.");
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === "object" && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // falls through to the 400 below
  }
  throw new ExtensionError(400, "Body must be a JSON object.");
}

export const extensionApi = {
  status: statusService,
  manualSync: getManualSync,
  replay: async () => (await getAppContext()).replay,
  MAX_SELECTION,
};
