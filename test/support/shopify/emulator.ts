import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { execute, parse } from "graphql";
import { webhookHeaders } from "../shopify-webhooks";
import { BulkOperationRecord, bulkQueryProblems, toJsonlLines } from "./bulk-operations";
import { answerGraphQL, rootValue, type BulkRunner } from "./graphql-endpoint";
import { adminSchema } from "./schema";
import { EmulatedShop, type ShopOptions } from "./shop";

export interface ShopifyEmulatorOptions {
  port?: number;
  host?: string;
  /** Time source for the 60-day window, cost buckets and timestamps. */
  clock?: () => number;
  /** Delay of each bulk-operation step (CREATED → RUNNING → COMPLETED). */
  bulkStepMs?: number;
}

export interface ShopifyEmulator {
  /** Base URL; the Admin API of shop `x.myshopify.com` is at `${url}/x.myshopify.com/admin/api/{version}/graphql.json`. */
  readonly url: string;
  createShop(options: ShopOptions): EmulatedShop;
  shop(domain: string): EmulatedShop | undefined;
  /** A fetch that sends `https://{shop}/admin/...` requests to this emulator (everything else unchanged). */
  readonly fetch: typeof fetch;
  close(): Promise<void>;
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  response.writeHead(status, { "content-type": typeof body === "string" ? "application/jsonl" : "application/json; charset=utf-8", ...headers });
  response.end(text);
}

let bulkSequence = 0;

class Emulator implements ShopifyEmulator, BulkRunner {
  private readonly shops = new Map<string, EmulatedShop>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server: Server | undefined;
  private base = "http://127.0.0.1";
  private readonly clock: () => number;
  private readonly bulkStepMs: number;

  constructor(options: ShopifyEmulatorOptions) {
    this.clock = options.clock ?? Date.now;
    this.bulkStepMs = options.bulkStepMs ?? 10;
  }

  get url(): string {
    return this.base;
  }

  createShop(options: ShopOptions): EmulatedShop {
    const shop = new EmulatedShop(options, this.clock);
    this.shops.set(options.domain, shop);
    return shop;
  }

  shop(domain: string): EmulatedShop | undefined {
    return this.shops.get(domain);
  }

  readonly fetch: typeof fetch = (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : String(input));
    if (this.shops.has(url.host) && url.pathname.startsWith("/admin/")) {
      const target = `${this.base}/${url.host}${url.pathname}${url.search}`;
      return globalThis.fetch(request ? new Request(target, request) : target, init);
    }
    return globalThis.fetch(input, init);
  };

  // ---- bulk operations ----

  run(shop: EmulatedShop, query: string) {
    const running = shop.bulkOperations.find((op) => !op.finished);
    if (running) {
      return { bulkOperation: null, userErrors: [{ field: null, message: `A bulk query operation for this app and shop is already in progress: ${running.id}.`, code: "OPERATION_IN_PROGRESS" }] };
    }
    const problems = bulkQueryProblems(adminSchema, query);
    if (problems.length > 0) return { bulkOperation: null, userErrors: problems.map((message) => ({ field: ["query"], message, code: "INVALID" })) };
    const id = `gid://shopify/BulkOperation/${9_007_199_254_740_993n + BigInt(++bulkSequence)}`;
    const record = new BulkOperationRecord(id, query, new Date(this.clock()).toISOString().replace(/\.\d{3}Z$/, "Z"));
    shop.bulkOperations.push(record);
    this.later(() => {
      if (record.finished) return;
      record.status = "RUNNING";
      this.later(() => void this.complete(shop, record));
    });
    return { bulkOperation: record.toGraphQL(), userErrors: [] };
  }

  cancel(shop: EmulatedShop, id: string) {
    const record = shop.bulkOperations.find((op) => op.id === id);
    if (!record) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist", code: null }] };
    if (record.finished) {
      return { bulkOperation: record.toGraphQL(), userErrors: [{ field: null, message: `A bulk operation cannot be canceled when it is ${record.status.toLowerCase()}`, code: null }] };
    }
    record.status = "CANCELING";
    this.later(() => {
      record.status = "CANCELED";
      void this.notify(shop, record);
    });
    return { bulkOperation: record.toGraphQL(), userErrors: [] };
  }

  private later(step: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      step();
    }, this.bulkStepMs);
    this.timers.add(timer);
  }

  private async complete(shop: EmulatedShop, record: BulkOperationRecord): Promise<void> {
    if (record.status !== "RUNNING") return;
    const result = await execute({ schema: adminSchema, document: parse(record.query), rootValue: rootValue(shop, undefined, true), contextValue: { unbounded: true } });
    if (record.status !== "RUNNING") return;
    if (result.errors?.length || !result.data) {
      record.status = "FAILED";
      record.errorCode = result.errors?.some((e) => e.extensions?.code === "ACCESS_DENIED") ? "ACCESS_DENIED" : "INTERNAL_SERVER_ERROR";
    } else {
      const { lines, rootCount } = toJsonlLines(result.data as Record<string, unknown>);
      record.jsonl = lines.length > 0 ? `${lines.join("\n")}\n` : "";
      record.objectCount = lines.length;
      record.rootObjectCount = rootCount;
      record.fileSize = Buffer.byteLength(record.jsonl);
      // Shopify answers url: null when the operation found nothing.
      record.url = lines.length > 0 ? `${this.base}/bulk-results/${encodeURIComponent(shop.domain)}/${record.id.split("/").at(-1)}.jsonl?token=${randomUUID()}` : null;
      record.status = "COMPLETED";
    }
    record.completedAt = new Date(this.clock()).toISOString().replace(/\.\d{3}Z$/, "Z");
    await this.notify(shop, record);
  }

  /** The bulk_operations/finish webhook, signed like every Shopify webhook. */
  private async notify(shop: EmulatedShop, record: BulkOperationRecord): Promise<void> {
    const body = JSON.stringify({
      admin_graphql_api_id: record.id,
      completed_at: record.completedAt,
      created_at: record.createdAt,
      error_code: record.errorCode?.toLowerCase() ?? null,
      status: record.status.toLowerCase(),
      type: "query",
    });
    for (const subscription of shop.webhooks.filter((w) => w.topic === "bulk_operations/finish")) {
      try {
        await globalThis.fetch(subscription.url, {
          method: "POST",
          headers: webhookHeaders({ topic: "bulk_operations/finish", body, secret: subscription.secret, shop: shop.domain }),
          body,
        });
      } catch {
        // Shopify retries failed deliveries; the app must also poll, so a lost delivery is survivable.
      }
    }
  }

  // ---- HTTP ----

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.base);
    const results = /^\/bulk-results\/([^/]+)\/(\d+)\.jsonl$/.exec(url.pathname);
    if (results && request.method === "GET") {
      const shop = this.shops.get(decodeURIComponent(results[1]));
      const record = shop?.bulkOperations.find((op) => op.id.endsWith(`/${results[2]}`));
      if (!record || record.jsonl === null) return send(response, 404, { errors: "Not Found" });
      return send(response, 200, record.jsonl);
    }
    const graphql = /^\/([^/]+)\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/.exec(url.pathname);
    if (!graphql) return send(response, 404, { errors: "Not Found" });
    const shop = this.shops.get(graphql[1]);
    if (!shop) return send(response, 404, { errors: "Not Found" });
    if (request.method !== "POST") return send(response, 405, { errors: "Method Not Allowed" });
    if (request.headers["x-shopify-access-token"] !== shop.accessToken) {
      return send(response, 401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    }
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(await readBody(request)) as Record<string, unknown>;
    } catch {
      return send(response, 400, { errors: { query: "Required parameter missing or invalid" } });
    }
    const answer = await answerGraphQL(shop, parsed, this);
    send(response, answer.status, answer.body, { "x-request-id": randomUUID() });
  }

  async listen(port: number, host: string): Promise<void> {
    const server = createServer({ keepAlive: true }, (request, response) => {
      this.handle(request, response).catch((error: unknown) => send(response, 500, { errors: String(error) }));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
    this.base = `http://${host}:${(server.address() as AddressInfo).port}`;
    this.server = server;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

export async function startShopifyEmulator(options: ShopifyEmulatorOptions = {}): Promise<ShopifyEmulator> {
  const emulator = new Emulator(options);
  await emulator.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  return emulator;
}
