import { DEV_SHOPIFY_API_KEY, DEV_SHOPIFY_API_SECRET } from "../../config.server";

// Fail closed: the public development secrets work only on a loopback app URL outside production, and
// production refuses weak or development secrets and a missing database — each problem named, all at once.

export class UnsafeConfigurationError extends Error {
  override name = "UnsafeConfigurationError";
  constructor(readonly problems: string[]) {
    super(`Refusing to start:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\nSee README → Configuration.`);
  }
}

export function isLoopbackUrl(raw: string): boolean {
  try {
    const host = new URL(raw).hostname.replace(/^\[|\]$/g, "");
    return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/** Shannon estimate of the bits in a secret: low for short, repetitive or dictionary-like values. */
export function estimatedEntropyBits(value: string | Buffer): number {
  const symbols = typeof value === "string" ? [...value] : [...value];
  const counts = new Map<string | number, number>();
  for (const symbol of symbols) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
  let perSymbol = 0;
  for (const count of counts.values()) {
    const p = count / symbols.length;
    perSymbol -= p * Math.log2(p);
  }
  return perSymbol * symbols.length;
}

const MIN_SECRET_BITS = 96;
const KNOWN_DEV_SECRETS = new Set([DEV_SHOPIFY_API_SECRET, "development-oauth-state-secret-NOT-SECRET", "postgres", "password", "changeme", "secret"]);

/** `worker`: a sync worker process, which serves no Shopify requests and needs no Shopify credentials. */
export type ProcessRole = "app" | "worker";

export function checkStartupConfiguration(env: Readonly<Record<string, string | undefined>>, role: ProcessRole = "app"): string[] {
  const problems: string[] = [];
  const production = env.NODE_ENV === "production";
  const appUrl = env.SHOPIFY_APP_URL;
  const publicUrl = appUrl !== undefined && !isLoopbackUrl(appUrl);

  if (role === "app" && (production || publicUrl)) {
    // Development fallbacks are for a loopback app outside production only.
    const why = production ? "in production" : `with the public SHOPIFY_APP_URL ${appUrl} (development secrets work only on localhost)`;
    for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"] as const) {
      if (!env[name]) problems.push(`${name} must be set ${why}.`);
    }
  }
  if (!production) return problems;

  if (role === "app" && appUrl && !appUrl.startsWith("https://")) problems.push(`SHOPIFY_APP_URL must be an https URL in production (Shopify requires TLS), got ${appUrl}.`);
  if (!env.DATABASE_URL) problems.push("DATABASE_URL must be set in production: the embedded PostgreSQL is for development and demos.");
  if (env.SHOPIFY_API_KEY === DEV_SHOPIFY_API_KEY) problems.push("SHOPIFY_API_KEY is the development value; use the app's client id from the Partner Dashboard.");
  weakSecret("SHOPIFY_API_SECRET", env.SHOPIFY_API_SECRET, problems);
  weakSecret("OAUTH_STATE_SECRET", env.OAUTH_STATE_SECRET, problems, "generate one with `openssl rand -base64 32`");
  if (env.METRICS_TOKEN) weakSecret("METRICS_TOKEN", env.METRICS_TOKEN, problems, "generate one with `openssl rand -hex 32`");
  const keys = env.TOKEN_ENCRYPTION_KEYS?.trim();
  if (!keys) problems.push('TOKEN_ENCRYPTION_KEYS must be set in production: "k1:$(openssl rand -base64 32)".');
  else {
    for (const entry of keys.split(",")) {
      const [id, material = ""] = entry.trim().split(":");
      const bytes = Buffer.from(material, "base64");
      // 32 random bytes show ~25+ distinct values; a key typed by hand or padded does not.
      if (new Set(bytes).size < 16 || estimatedEntropyBits(bytes) < MIN_SECRET_BITS) {
        problems.push(`TOKEN_ENCRYPTION_KEYS key "${id}" has low entropy (not 32 random bytes): "k1:$(openssl rand -base64 32)".`);
      }
    }
  }
  const databasePassword = passwordOf(env.DATABASE_URL);
  if (databasePassword !== undefined && KNOWN_DEV_SECRETS.has(databasePassword)) problems.push("DATABASE_URL uses a well-known development password.");
  return problems;
}

function weakSecret(name: string, value: string | undefined, problems: string[], hint = "use the value from the Partner Dashboard") {
  if (!value) return; // missing ones are reported by the check that requires them
  if (KNOWN_DEV_SECRETS.has(value)) problems.push(`${name} is a public development value; ${hint}.`);
  else if (value.length < 16 || estimatedEntropyBits(value) < MIN_SECRET_BITS) problems.push(`${name} has low entropy (too short or repetitive); ${hint}.`);
}

function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

/** Throws UnsafeConfigurationError naming every problem; called before anything starts. */
export function assertSafeConfiguration(env: Readonly<Record<string, string | undefined>> = process.env, role: ProcessRole = "app"): void {
  const problems = checkStartupConfiguration(env, role);
  if (problems.length > 0) throw new UnsafeConfigurationError(problems);
}
