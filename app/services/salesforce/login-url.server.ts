// Where a merchant's org signs in. Production and sandbox are Salesforce's fixed hosts; a My Domain is
// typed by the merchant, so it is validated before we send anyone (or any code) there.

export const SALESFORCE_ENVIRONMENTS = ["production", "sandbox", "custom"] as const;
export type SalesforceEnvironment = (typeof SALESFORCE_ENVIRONMENTS)[number];

export const DEFAULT_LOGIN_URLS = {
  production: "https://login.salesforce.com",
  sandbox: "https://test.salesforce.com",
} as const;

export interface LoginUrlPolicy {
  production: string;
  sandbox: string;
  /** Extra origins accepted as a "My Domain" (e.g. the local emulator, http://127.0.0.1:8787) — dev and tests only. */
  allowedOrigins: readonly string[];
}

export type LoginUrlResult = { ok: true; loginUrl: string } | { ok: false; message: string };

const MY_DOMAIN_SUFFIXES = [".my.salesforce.com", ".sandbox.my.salesforce.com"];
// Hosts Salesforce itself answers from; instance URLs returned by a token endpoint must be one of them.
const SALESFORCE_HOST_SUFFIXES = [".salesforce.com", ".force.com", ".cloudforce.com", ".salesforce.mil", ".database.com"];

export function resolveLoginUrl(environment: SalesforceEnvironment, myDomain: string | undefined, policy: LoginUrlPolicy): LoginUrlResult {
  if (environment === "production") return { ok: true, loginUrl: policy.production };
  if (environment === "sandbox") return { ok: true, loginUrl: policy.sandbox };
  return validateMyDomain(myDomain ?? "", policy);
}

/** Accepts "acme.my.salesforce.com" or "https://acme.my.salesforce.com/"; returns the bare origin. */
export function validateMyDomain(input: string, policy: LoginUrlPolicy): LoginUrlResult {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, message: "Enter your My Domain URL, e.g. https://acme.my.salesforce.com." };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return { ok: false, message: `"${trimmed}" is not a URL. Use your My Domain URL, e.g. https://acme.my.salesforce.com.` };
  }
  if (isAllowedOrigin(url.origin, policy)) return { ok: true, loginUrl: url.origin };
  const host = url.hostname.toLowerCase();
  const pathIsBare = url.pathname === "/" && !url.search && !url.hash;
  if (url.protocol !== "https:" || url.username || url.password || url.port || !pathIsBare) {
    return { ok: false, message: "A My Domain URL is https://<your-domain>.my.salesforce.com, with no path, port or credentials." };
  }
  if (!MY_DOMAIN_SUFFIXES.some((suffix) => host.endsWith(suffix) && host.length > suffix.length)) {
    return {
      ok: false,
      message: `"${host}" is not a Salesforce My Domain. It ends in .my.salesforce.com (sandboxes: .sandbox.my.salesforce.com); find it in Salesforce under Setup → My Domain.`,
    };
  }
  return { ok: true, loginUrl: `https://${host}` };
}

/** The instance URL from a token response: a Salesforce host over https, or an explicitly allowed origin. */
export function isTrustedInstanceUrl(instanceUrl: string, policy: LoginUrlPolicy): boolean {
  let url: URL;
  try {
    url = new URL(instanceUrl);
  } catch {
    return false;
  }
  if (isAllowedOrigin(url.origin, policy) || [policy.production, policy.sandbox].includes(url.origin)) return true;
  const host = url.hostname.toLowerCase();
  return url.protocol === "https:" && SALESFORCE_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

function isAllowedOrigin(origin: string, policy: LoginUrlPolicy): boolean {
  return policy.allowedOrigins.some((allowed) => allowed === origin);
}

/** Parses SALESFORCE_ALLOWED_LOGIN_HOSTS ("http://127.0.0.1:8787, https://x.example") into origins. */
export function parseAllowedOrigins(raw: string | undefined): string[] {
  return (raw ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      try {
        return new URL(entry).origin;
      } catch {
        throw new Error(`SALESFORCE_ALLOWED_LOGIN_HOSTS: "${entry}" is not a URL (use origins like http://127.0.0.1:8787).`);
      }
    });
}
