import pino, { type Logger } from "pino";

/**
 * JSON logs with secrets redacted wherever they may appear: tokens, HMAC headers, passwords, and the
 * payloads themselves (customer personal data stays in the database, not in log pipelines).
 */
export const REDACTED_PATHS = [
  "accessToken",
  "refreshToken",
  "*.accessToken",
  "*.refreshToken",
  "*.access_token",
  "*.refresh_token",
  "password",
  "*.password",
  "authorization",
  "*.authorization",
  "headers.authorization",
  'headers["x-shopify-hmac-sha256"]',
  "payload",
  "*.payload",
  // Salesforce OAuth (app/services/salesforce): tokens, their ciphertexts, PKCE verifiers, client and state secrets.
  "access_token",
  "refresh_token",
  "accessTokenEncrypted",
  "refreshTokenEncrypted",
  "*.accessTokenEncrypted",
  "*.refreshTokenEncrypted",
  "code_verifier",
  "*.code_verifier",
  "codeVerifier",
  "*.codeVerifier",
  "clientSecret",
  "*.clientSecret",
  "client_secret",
  "*.client_secret",
  "stateSecret",
  "*.stateSecret",
];

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? "salesforce-sync",
    level: options.level ?? process.env.LOG_LEVEL ?? "info",
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
  });
}

export type { Logger };
