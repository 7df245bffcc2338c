import { z } from "zod";

/**
 * Every environment variable the app reads, validated once. The README's configuration table lists the
 * same names; keep them in step.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: z.string().min(1).optional(),
  SHOPIFY_API_SECRET: z.string().min(1).optional(),
  SHOPIFY_APP_URL: z.string().url().optional(),
  SCOPES: z.string().optional(),
  WEBHOOK_MAX_BODY_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
  INTAKE_GROUP_MAX: z.coerce.number().int().positive().default(200),
  INTAKE_GROUP_CONCURRENCY: z.coerce.number().int().positive().default(2),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type AppEnv = z.infer<typeof EnvSchema>;

/** Development-only credentials for the embedded default, so a fresh clone runs with no setup. */
export const DEV_SHOPIFY_API_KEY = "dev-api-key";
export const DEV_SHOPIFY_API_SECRET = "dev-shopify-secret";
export const DEV_APP_URL = "http://localhost:3000";
export const DEFAULT_SCOPES = "read_customers,write_customers,read_orders,read_products";

export interface ResolvedShopifyConfig {
  apiKey: string;
  apiSecretKey: string;
  appUrl: string;
  scopes: string[];
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): AppEnv {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

/**
 * Production, and any app URL that is not loopback, must be given real Shopify credentials; only a loopback
 * app outside production falls back to the documented development values.
 */
export function resolveShopifyConfig(env: AppEnv): ResolvedShopifyConfig {
  const publicUrl = env.SHOPIFY_APP_URL !== undefined && !isLoopbackAppUrl(env.SHOPIFY_APP_URL);
  if (env.NODE_ENV === "production" || publicUrl) {
    const missing = (["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"] as const).filter((name) => !env[name]);
    if (missing.length > 0) {
      const where = env.NODE_ENV === "production" ? "in production" : `for the public app URL ${env.SHOPIFY_APP_URL}`;
      throw new Error(`${missing.join(", ")} must be set ${where}; development values work only on localhost (see README → Configuration).`);
    }
  }
  return {
    apiKey: env.SHOPIFY_API_KEY ?? DEV_SHOPIFY_API_KEY,
    apiSecretKey: env.SHOPIFY_API_SECRET ?? DEV_SHOPIFY_API_SECRET,
    appUrl: env.SHOPIFY_APP_URL ?? DEV_APP_URL,
    scopes: (env.SCOPES ?? DEFAULT_SCOPES).split(",").map((scope) => scope.trim()).filter(Boolean),
  };
}

function isLoopbackAppUrl(raw: string): boolean {
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
