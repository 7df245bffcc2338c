import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metricsAccess } from "../../../app/services/metrics/metrics-access.server";
import { securityHeaders } from "../../../app/services/runtime/security-headers.server";
import { warnOnce } from "../../../app/services/logging/warn-once.server";

// /metrics behind a bearer token, security headers on every response, start-up warnings said once.

const metricsRequest = (authorization?: string) => new Request("https://app.example.com/metrics", { headers: authorization ? { authorization } : {} });

describe("/metrics access", () => {
  const token = "6f1c0a0e3b9d4c7e8a2f5b1d9c3e7a4f6b8d0c2e4a6f8b0d";
  it.each([
    ["no token configured, development: open", { NODE_ENV: "development" }, undefined, null],
    ["no token configured, production: closed", { NODE_ENV: "production" }, undefined, 401],
    ["token configured, none presented", { NODE_ENV: "production", METRICS_TOKEN: token }, undefined, 401],
    ["token configured, wrong one", { NODE_ENV: "production", METRICS_TOKEN: token }, "Bearer nope", 401],
    ["token configured, right one", { NODE_ENV: "production", METRICS_TOKEN: token }, `Bearer ${token}`, null],
  ])("%s", (_name, env, authorization, status) => {
    const denied = metricsAccess(metricsRequest(authorization), env);
    expect(denied?.status ?? null).toBe(status);
    if (denied) expect(denied.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });
});

describe("security headers", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const app = express();
    app.use(securityHeaders({ production: true }));
    app.get("/", (_request, response) => void response.send("ok"));
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sets HSTS in production, nosniff and a referrer policy", async () => {
    const response = await fetch(base);
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });
});

describe("start-up warnings", () => {
  it("are said once per process, however many parts read the configuration", () => {
    const said: string[] = [];
    const first = warnOnce((message) => said.push(message));
    const second = warnOnce((message) => said.push(message));
    first("TOKEN_ENCRYPTION_KEYS is not set (test)");
    second("TOKEN_ENCRYPTION_KEYS is not set (test)");
    first("another warning (test)");
    expect(said).toEqual(["TOKEN_ENCRYPTION_KEYS is not set (test)", "another warning (test)"]);
  });
});
