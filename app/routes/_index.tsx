import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

// Opened from the Shopify admin (?shop=…): go to the embedded app. Otherwise say what this is.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
};

export default function Index() {
  return (
    <main style={{ fontFamily: "Inter, system-ui, sans-serif", padding: "2rem", maxWidth: 640 }}>
      <h1>Salesforce Sync for Shopify</h1>
      <p>Mirrors your Shopify customers, orders and refunds into Salesforce. Open it from your Shopify admin → Apps.</p>
    </main>
  );
}
