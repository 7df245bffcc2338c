import { z } from "zod";
import { DEFAULT_LOGIN_URLS, parseAllowedOrigins, type LoginUrlPolicy } from "./login-url.server";

/** Everything the OAuth flow and the connection factory need to talk to Salesforce. Holds secrets: never log it. */
export interface SalesforceOAuthConfig {
  clientId: string;
  clientSecret: string | undefined;
  redirectUri: string;
  apiVersion: string;
  /** Scopes asked for: REST API, a refresh token for offline sync, and the identity URL. */
  scope: string;
  /** HMAC key of the OAuth `state` parameter. */
  stateSecret: string;
  loginUrls: LoginUrlPolicy;
}

export const DEFAULT_SALESFORCE_API_VERSION = "66.0";
const DEV_CLIENT_ID = "dev-salesforce-client-id";
// Public on purpose (like the dev encryption key): refused in production.
const DEV_STATE_SECRET = "development-oauth-state-secret-NOT-SECRET";

const SalesforceEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_APP_URL: z.string().url().optional(),
  SALESFORCE_CLIENT_ID: z.string().min(1).optional(),
  SALESFORCE_CLIENT_SECRET: z.string().min(1).optional(),
  SALESFORCE_REDIRECT_URI: z.string().url().optional(),
  SALESFORCE_API_VERSION: z
    .string()
    .regex(/^\d{2,3}\.0$/, "use a version like 66.0")
    .default(DEFAULT_SALESFORCE_API_VERSION),
  OAUTH_STATE_SECRET: z.string().min(32, "use at least 32 characters, e.g. `openssl rand -base64 32`").optional(),
  SALESFORCE_ALLOWED_LOGIN_HOSTS: z.string().optional(),
});

/**
 * Reads the SALESFORCE_* variables (see README → Configuration). Production must set the connected app's
 * credentials and the state secret; development falls back to labelled dev values and says so.
 */
export function loadSalesforceConfig(
  source: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = () => {},
): SalesforceOAuthConfig {
  const parsed = SalesforceEnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid Salesforce configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === "production";
  if (production) {
    const missing = (["SALESFORCE_CLIENT_ID", "SALESFORCE_CLIENT_SECRET", "OAUTH_STATE_SECRET", "SHOPIFY_APP_URL"] as const).filter((n) => !env[n]);
    if (missing.length > 0) {
      throw new Error(`${missing.join(", ")} must be set in production (OAUTH_STATE_SECRET: \`openssl rand -base64 32\`).`);
    }
  } else {
    if (!env.SALESFORCE_CLIENT_ID) warn(`SALESFORCE_CLIENT_ID is not set: using "${DEV_CLIENT_ID}" (works with the local Salesforce emulator only).`);
    if (!env.OAUTH_STATE_SECRET) warn("OAUTH_STATE_SECRET is not set: using a public DEVELOPMENT secret for OAuth state signing.");
  }
  const allowedOrigins = parseAllowedOrigins(env.SALESFORCE_ALLOWED_LOGIN_HOSTS);
  if (production && allowedOrigins.some((origin) => !origin.startsWith("https://"))) {
    throw new Error("SALESFORCE_ALLOWED_LOGIN_HOSTS must list https origins only in production.");
  }
  const appUrl = env.SHOPIFY_APP_URL ?? "http://localhost:3000";
  return {
    clientId: env.SALESFORCE_CLIENT_ID ?? DEV_CLIENT_ID,
    clientSecret: env.SALESFORCE_CLIENT_SECRET,
    redirectUri: env.SALESFORCE_REDIRECT_URI ?? new URL("/auth/salesforce/callback", appUrl).toString(),
    apiVersion: env.SALESFORCE_API_VERSION,
    scope: "api refresh_token id",
    stateSecret: env.OAUTH_STATE_SECRET ?? DEV_STATE_SECRET,
    loginUrls: { ...DEFAULT_LOGIN_URLS, allowedOrigins },
  };
}
