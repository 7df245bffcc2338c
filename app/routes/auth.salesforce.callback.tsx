import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAppContext } from "../context.server";
import { embeddedConnectionUrl, salesforce } from "../salesforce.server";
import { bindingFrom, clearedBindingCookie } from "../services/salesforce/oauth-browser-binding.server";

// Salesforce sends the merchant here, top-level (outside the Shopify iframe), so there is no Shopify
// session: the signed, single-use `state` is what identifies the shop. Success or a failure we can tie
// to a shop goes back to the embedded connection page; anything else stops here with a plain message.
// The cookie set by auth.salesforce.start binds the flow to the browser that started it.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const result = await salesforce.oauth.complete(new URL(request.url).searchParams, { browserBinding: bindingFrom(request) });
  const secure = new URL(request.url).protocol === "https:";
  // Events that waited for this connection (or a re-authorization) run now rather than at their deferred time.
  if (result.ok) await (await getAppContext()).replay.resumeShop(result.shop);
  const back = result.shop && embeddedConnectionUrl(result.shop, result.ok ? { salesforce: result.orgSwitch ? "org-switched" : "connected" } : { salesforce_error: result.reason });
  if (back) return new Response(null, { status: 302, headers: { Location: back, "Cache-Control": "no-store", "Set-Cookie": clearedBindingCookie(secure) } });
  const message = result.ok ? "Connected." : result.message;
  return new Response(page(message), { status: 400, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Set-Cookie": clearedBindingCookie(secure) } });
};

function page(message: string): string {
  const escaped = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>Salesforce connection</title></head><body><h1>Salesforce connection</h1><p>${escaped}</p></body></html>`;
}
