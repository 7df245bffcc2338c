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
export const DEFAULT_SCOPES = "read_customers,read_orders,read_products";

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

/** Production must be given real Shopify credentials; development falls back to documented dev values. */
export function resolveShopifyConfig(env: AppEnv): ResolvedShopifyConfig {
  if (env.NODE_ENV === "production") {
    const missing = (["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"] as const).filter((name) => !env[name]);
    if (missing.length > 0) {
      throw new Error(`${missing.join(", ")} must be set in production (see README → Configuration).`);
    }
  }
  return {
    apiKey: env.SHOPIFY_API_KEY ?? DEV_SHOPIFY_API_KEY,
    apiSecretKey: env.SHOPIFY_API_SECRET ?? DEV_SHOPIFY_API_SECRET,
    appUrl: env.SHOPIFY_APP_URL ?? DEV_APP_URL,
    scopes: (env.SCOPES ?? DEFAULT_SCOPES).split(",").map((scope) => scope.trim()).filter(Boolean),
  };
}
