import type { SalesforceConnections } from "../../app/services/salesforce/index.server";
import type { OrgHandle, SalesforceEmulator } from "./salesforce";

/** A browser at Salesforce's login form: GET the authorize URL, post the credentials, return the callback's query. */
export async function loginThroughForm(authorizeUrl: string, org: OrgHandle): Promise<URLSearchParams> {
  const page = await fetch(authorizeUrl, { redirect: "manual" });
  if (page.status !== 200) throw new Error(`authorize page answered ${page.status}`);
  // The login form carries the authorize parameters as hidden inputs; a browser posts them back.
  const form = new URLSearchParams(new URL(authorizeUrl).search);
  form.set("username", org.username);
  form.set("password", org.password);
  const approved = await fetch(`${new URL(authorizeUrl).origin}/services/oauth2/authorize`, { method: "POST", body: form, redirect: "manual" });
  if (approved.status !== 302) throw new Error(`login answered ${approved.status}`);
  return new URL(approved.headers.get("location")!).searchParams;
}

/** Connect → Salesforce login form → callback, as a merchant's browser would, through the app's own OAuth flow. */
export async function connectShopToOrg(sf: SalesforceConnections, emulator: SalesforceEmulator, shop: string, org: OrgHandle): Promise<void> {
  const begun = await sf.oauth.begin({ shop, environment: "custom", myDomain: emulator.url });
  if (!begun.ok) throw new Error(begun.message);
  const result = await sf.oauth.complete(await loginThroughForm(begun.authorizeUrl, org));
  if (!result.ok) throw new Error(result.message);
}
