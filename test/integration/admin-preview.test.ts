import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminPreviewRefused, startAdminPreview, type AdminPreview } from "../../scripts/admin-preview/server";

// The local admin preview is a development tool: never in production, loopback only, and it answers only
// requests addressed to a loopback host. (Its pages are exercised in Chromium by test/e2e/extensions.test.ts.)

const base = { appUrl: "http://127.0.0.1:9", shop: "preview.myshopify.com", apiKey: "key", apiSecret: "secret" };

describe("where the admin preview refuses to run", () => {
  it("refuses NODE_ENV=production", async () => {
    await expect(startAdminPreview({ ...base, env: { NODE_ENV: "production" } })).rejects.toThrow(AdminPreviewRefused);
    await expect(startAdminPreview({ ...base, env: { NODE_ENV: "production" } })).rejects.toThrow(/never runs with NODE_ENV=production/);
  });

  it("refuses to listen anywhere but loopback, or to forward to an app elsewhere", async () => {
    await expect(startAdminPreview({ ...base, env: { NODE_ENV: "development" }, host: "0.0.0.0" })).rejects.toThrow(/loopback only/);
    await expect(startAdminPreview({ ...base, env: { NODE_ENV: "development" }, appUrl: "https://app.example.com" })).rejects.toThrow(/only forwards to an app on loopback/);
  });
});

describe("a running preview", () => {
  let preview: AdminPreview;
  beforeAll(async () => {
    preview = await startAdminPreview({ ...base, env: { NODE_ENV: "development" } });
  });
  afterAll(() => preview?.close());

  const call = (path: string, options: { method?: string; headers?: Record<string, string> } = {}) =>
    new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
      const url = new URL(path, preview.url);
      const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method ?? "GET", headers: options.headers }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      });
      req.on("error", reject);
      req.end();
    });

  it("listens on 127.0.0.1 and sends / to the embedded home page with a fresh session token", async () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const home = await call("/");
    expect(home.status).toBe(302);
    expect(String(home.headers.location)).toMatch(/^\/app\?embedded=1&shop=preview\.myshopify\.com&host=[\w%]+&id_token=[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("answers 403 to a request addressed to another host name (DNS rebinding)", async () => {
    const rebound = await call("/", { headers: { Host: "attacker.example:80" } });
    expect(rebound.status).toBe(403);
    expect((await call("/__preview/session-token", { method: "POST", headers: { Host: "attacker.example", "X-Admin-Preview": "1" } })).status).toBe(403);
  });

  it("mints session tokens only for its own page's requests", async () => {
    expect((await call("/__preview/session-token")).status).toBe(403);
    expect((await call("/__preview/session-token", { method: "POST" })).status).toBe(403);
    const minted = await call("/__preview/session-token", { method: "POST", headers: { "X-Admin-Preview": "1" } });
    expect(minted.status).toBe(200);
    const payload = JSON.parse(Buffer.from(JSON.parse(minted.body).token.split(".")[1], "base64url").toString());
    expect(payload).toMatchObject({ dest: "https://preview.myshopify.com", aud: "key" });
  });
});
