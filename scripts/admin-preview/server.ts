import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { bundleExtension, readExtensions } from "../build-extensions";
import { APP_BRIDGE_PREVIEW } from "./app-bridge-preview";
import { extensionHarnessHtml, harnessIndexHtml, type HarnessTarget } from "./extension-harness";

// The local admin preview (`npm run demo` prints its URL): the app's embedded admin pages in any browser,
// for one shop, without a Shopify store. It plays the Shopify admin: it mints the session tokens App Bridge
// would (signed with the app secret, which never reaches the page), serves a stand-in for App Bridge, and
// forwards everything else to the running app, whose own authenticate.admin checks every request as in
// production. It can also run the admin UI extensions against the same backend (/__preview/extensions).
//
// It is a development tool: it refuses to start when NODE_ENV is production, listens on loopback only,
// and answers only requests addressed to a loopback host name (so a web page elsewhere cannot reach it
// through DNS rebinding).

export interface AdminPreviewOptions {
  /** The running app (loopback), e.g. http://127.0.0.1:3000. */
  appUrl: string;
  shop: string;
  apiKey: string;
  apiSecret: string;
  port?: number;
  host?: string;
  env?: NodeJS.ProcessEnv;
  /** Records the extension harness opens by default (gids), per target. */
  samples?: { order?: string[]; customer?: string[] };
}

export interface AdminPreview {
  url: string;
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);
const LOOPBACK_ADDRESSES = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

export class AdminPreviewRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AdminPreviewRefused";
  }
}

/** Throws when the preview must not run here (production, or an address other than loopback). */
export function assertPreviewAllowed(env: NodeJS.ProcessEnv, host: string, appUrl: string): void {
  if (env.NODE_ENV === "production") throw new AdminPreviewRefused("The admin preview is a development tool and never runs with NODE_ENV=production.");
  if (!LOOPBACK_HOSTS.has(host)) throw new AdminPreviewRefused(`The admin preview listens on loopback only (asked for ${host}).`);
  if (!LOOPBACK_HOSTS.has(new URL(appUrl).hostname)) throw new AdminPreviewRefused(`The admin preview only forwards to an app on loopback (asked for ${appUrl}).`);
}

export function sessionTokenFor(shop: string, apiKey: string, apiSecret: string): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const header = encode({ alg: "HS256", typ: "JWT" });
  const payload = encode({ iss: `https://${shop}/admin`, dest: `https://${shop}`, aud: apiKey, sub: "1", exp: now + 60, nbf: now - 5, iat: now, jti: randomUUID(), sid: randomUUID() });
  return `${header}.${payload}.${createHmac("sha256", apiSecret).update(`${header}.${payload}`).digest("base64url")}`;
}

// Only URLs are swapped, never elements, so the page still hydrates against the same markup.
const APP_BRIDGE_SRC = 'src="https://cdn.shopify.com/shopifycloud/app-bridge.js"';
// The admin's Inter font stylesheet would block rendering while offline; the system font stands in.
const CDN_STYLESHEET = /href="https:\/\/cdn\.shopify\.com\/static\/fonts\/[^"]*\.css"/g;

export async function startAdminPreview(options: AdminPreviewOptions): Promise<AdminPreview> {
  const host = options.host ?? "127.0.0.1";
  assertPreviewAllowed(options.env ?? process.env, host, options.appUrl);
  const appUrl = options.appUrl.replace(/\/+$/, "");
  const token = () => sessionTokenFor(options.shop, options.apiKey, options.apiSecret);
  const adminHost = Buffer.from(`admin.shopify.com/store/${options.shop.replace(/\.myshopify\.com$/, "")}`).toString("base64");

  const extensions = readExtensions();
  const bundles = new Map<string, Promise<string>>();
  const bundle = (handle: string) => {
    const extension = extensions.find((candidate) => candidate.handle === handle);
    if (!extension) return undefined;
    if (!bundles.has(handle)) bundles.set(handle, bundleExtension(extension, { minify: false }).then(({ code }) => code));
    return bundles.get(handle);
  };
  const samples = (target: string) => (target.startsWith("admin.order") ? (options.samples?.order ?? []) : (options.samples?.customer ?? []));
  const harnessTargets = (): HarnessTarget[] =>
    extensions.flatMap((extension) =>
      extension.targets.map(({ target }) => ({ handle: extension.handle, target, selected: target.includes("selection") ? samples(target) : samples(target).slice(0, 1) })),
    );

  const embeddedUrl = (pathname: string, search: URLSearchParams) => {
    const query = new URLSearchParams(search);
    for (const [key, value] of Object.entries({ embedded: "1", shop: options.shop, host: adminHost, id_token: token() })) query.set(key, value);
    return `${pathname}?${query}`;
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://preview.local");
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...headers });
      response.end(body);
    };
    if (url.pathname === "/") return send(302, "text/plain", "", { Location: embeddedUrl("/app", url.searchParams) });
    if (url.pathname === "/__preview/app-bridge.js") return send(200, "text/javascript; charset=utf-8", APP_BRIDGE_PREVIEW);
    if (url.pathname === "/__preview/blank.css") return send(200, "text/css", "");
    if (url.pathname === "/__preview/session-token") {
      // A custom header cannot be sent cross-site without a CORS preflight, which this server never grants.
      if (request.method !== "POST" || request.headers["x-admin-preview"] !== "1") return send(403, "text/plain", "Forbidden");
      return send(200, "application/json", JSON.stringify({ token: token() }));
    }
    if (url.pathname === "/__preview/extensions") return send(200, "text/html; charset=utf-8", harnessIndexHtml(harnessTargets()));
    const bundleMatch = /^\/__preview\/extensions\/([\w-]+)\.js$/.exec(url.pathname);
    if (bundleMatch) {
      const code = bundle(bundleMatch[1]);
      return code ? send(200, "text/javascript; charset=utf-8", await code) : send(404, "text/plain", "No such extension");
    }
    const harnessMatch = /^\/__preview\/extensions\/([\w-]+)\/([\w.-]+)$/.exec(url.pathname);
    if (harnessMatch) {
      const [, handle, target] = harnessMatch;
      const extension = extensions.find((candidate) => candidate.handle === handle && candidate.targets.some((entry) => entry.target === target));
      if (!extension) return send(404, "text/plain", "No such extension target");
      const ids = url.searchParams.get("ids");
      const selected = ids ? ids.split(",").filter(Boolean) : (harnessTargets().find((entry) => entry.handle === handle && entry.target === target)?.selected ?? []);
      return send(200, "text/html; charset=utf-8", extensionHarnessHtml({ handle, target, selected }, `/__preview/extensions/${handle}.js`));
    }
    // A document load of an admin page without the embedded query: add it, as the admin's iframe would.
    if (request.method === "GET" && url.pathname.startsWith("/app") && !url.searchParams.has("id_token") && !request.headers.authorization && (request.headers.accept ?? "").includes("text/html")) {
      return send(302, "text/plain", "", { Location: embeddedUrl(url.pathname, url.searchParams) });
    }
    await forward(request, response, url);
  }

  async function forward(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || ["host", "connection", "content-length", "accept-encoding"].includes(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const hasBody = request.method !== "GET" && request.method !== "HEAD";
    const upstream = await fetch(`${appUrl}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body: hasBody ? (request as unknown as ReadableStream) : undefined,
      redirect: "manual",
      ...(hasBody ? { duplex: "half" } : {}),
    } as RequestInit);
    const outHeaders: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!["content-encoding", "content-length", "transfer-encoding", "connection"].includes(name)) outHeaders[name] = value;
    });
    const location = upstream.headers.get("location");
    if (location?.startsWith(appUrl)) outHeaders.location = location.slice(appUrl.length) || "/";
    const type = upstream.headers.get("content-type") ?? "";
    if (type.includes("text/html")) {
      const html = (await upstream.text()).replace(APP_BRIDGE_SRC, 'src="/__preview/app-bridge.js"').replace(CDN_STYLESHEET, 'href="/__preview/blank.css"');
      response.writeHead(upstream.status, outHeaders);
      response.end(html);
      return;
    }
    response.writeHead(upstream.status, outHeaders);
    response.end(Buffer.from(await upstream.arrayBuffer()));
  }

  const server = createServer((request, response) => {
    const hostHeader = (request.headers.host ?? "").replace(/:\d+$/, "");
    if (!LOOPBACK_ADDRESSES.has(request.socket.remoteAddress ?? "") || !LOOPBACK_HOSTS.has(hostHeader)) {
      response.writeHead(403, { "Content-Type": "text/plain" });
      response.end("The admin preview answers loopback requests only.");
      return;
    }
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { "Content-Type": "text/plain" });
      response.end(`The preview could not reach the app: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === "::1" ? "[::1]" : host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
