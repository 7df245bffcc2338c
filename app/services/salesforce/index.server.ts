// The Salesforce connection's public surface: the sync worker needs createSalesforceConnections (and the
// error classes); routes go through app/salesforce.server.ts, which builds it once per process.

export { createSalesforceConnections, type SalesforceConnections, type SalesforceConnectionsDeps } from "./connection-factory.server";
export {
  SalesforceConnectionError,
  SalesforceNeedsReauthError,
  SalesforceNotConnectedError,
  SalesforceRefreshFailedError,
  toSalesforceConnectionError,
  type ConnectionErrorCode,
} from "./errors.server";
export { loadSalesforceConfig, DEFAULT_SALESFORCE_API_VERSION, type SalesforceOAuthConfig } from "./salesforce-config.server";
export { SALESFORCE_ENVIRONMENTS, type SalesforceEnvironment } from "./login-url.server";
export type { ApiUsage, BudgetDecision, BudgetState } from "./api-budget.server";
export type { ConnectionStatusView } from "./connection-status.server";
export type { HealthReport, SetupIssue, SetupCheckOptions } from "./setup-check.server";
export type { BeginResult, CallbackResult, OAuthFlow } from "./oauth-flow.server";
export type { FreshSession } from "./token-refresh.server";
export { SALESFORCE_PAUSE_REASONS, type SalesforcePauseReason } from "./shop-pause.server";
export { createSalesforceFromEnv } from "./from-env.server";
export { rotateStoredTokens, type RotationResult } from "./rotate-tokens.server";
