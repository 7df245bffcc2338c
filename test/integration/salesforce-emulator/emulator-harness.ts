import { readFileSync } from "node:fs";
import jsforce, { type Connection } from "jsforce";
import type { OrgHandle, SalesforceEmulator } from "../../support/salesforce";

// Shared by the emulator tests: a logged-in real jsforce Connection, fixture access and
// "same shape" comparison (same keys at every level, values free).

export const API_VERSION = "62.0";

/** Logs in with the OAuth 2.0 username-password flow, as jsforce's conn.login() does with a client. */
export async function connect(emulator: SalesforceEmulator, org: OrgHandle = emulator.defaultOrg): Promise<Connection> {
  const conn = new jsforce.Connection({
    loginUrl: emulator.loginUrl,
    version: API_VERSION,
    oauth2: { clientId: "test-client", clientSecret: "test-secret", loginUrl: emulator.loginUrl },
  });
  await conn.login(org.username, org.password);
  return conn;
}

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/salesforce/${name}`, import.meta.url), "utf8")) as T;
}

/** A value's structure: objects become sorted key→shape maps, arrays the shape of each element. */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shapeOf((value as Record<string, unknown>)[k])]),
    );
  }
  return value === null ? "null" : typeof value;
}

/** Keys only (recursively), ignoring value types: for comparing bodies whose values are ours. */
export function keysOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keysOf);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, keysOf((value as Record<string, unknown>)[k])]),
    );
  }
  return true;
}

/** Raw HTTP against the emulator with the connection's token (to see status codes jsforce hides). */
export async function raw(
  conn: Connection,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const url = path.startsWith("http") ? path : `${conn.instanceUrl}/services/data/v${API_VERSION}${path}`;
  const res = await fetch(url, {
    method,
    headers: { Authorization: `Bearer ${conn.accessToken}`, "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // CSV, HTML or plain text stays a string.
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Rejects with the jsforce error so tests can assert on errorCode / data. */
export async function failure(promise: PromiseLike<unknown>): Promise<Error & { errorCode?: string; data?: unknown; name: string }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { errorCode?: string; data?: unknown };
  }
  throw new Error("expected the call to fail");
}
