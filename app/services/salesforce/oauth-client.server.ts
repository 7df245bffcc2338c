import { OAuth2 } from "jsforce";
import type { SalesforceOAuthConfig } from "./salesforce-config.server";

/** jsforce's OAuth2 client for one login host (production, sandbox or a My Domain), with our connected app. */
export function createOAuth2Factory(config: SalesforceOAuthConfig): (loginUrl: string) => OAuth2 {
  return (loginUrl) =>
    new OAuth2({
      loginUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      redirectUri: config.redirectUri,
      // PKCE is ours (the verifier is persisted with the state); jsforce's would live in this object only.
      useVerifier: false,
    });
}
