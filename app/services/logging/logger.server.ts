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
];

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? "salesforce-sync",
    level: options.level ?? process.env.LOG_LEVEL ?? "info",
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
  });
}

export type { Logger };
