import type { LoaderFunctionArgs } from "@remix-run/node";
import { salesforce } from "../salesforce.server";
import { bindingCookie } from "../services/salesforce/oauth-browser-binding.server";

// The connection page opens this top-level: it sets the cookie that binds the authorization to this
// browser, then sends the merchant on to Salesforce's login page of that same pending authorization.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const params = new URL(request.url).searchParams;
  const to = params.get("to") ?? "";
  const binding = params.get("binding") ?? "";
  if (!(await salesforce.oauth.verifyStart(to, binding))) {
    return new Response("This Salesforce sign-in link is not valid or has expired. Start again from the app's Salesforce connection page.", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  const secure = new URL(request.url).protocol === "https:" || (process.env.SHOPIFY_APP_URL ?? "").startsWith("https://");
  return new Response(null, { status: 302, headers: { Location: to, "Set-Cookie": bindingCookie(binding, secure), "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
};
