import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { SyncHealthBanners } from "../components/admin/sync-health-banners";
import { admin } from "../services/admin/admin.server";
import { authenticate } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  // Sync problems show on every page (the nav's frame), each with its fixing action.
  return { apiKey: process.env.SHOPIFY_API_KEY || "", banners: await admin.health.banners(session.shop) };
};

export default function App() {
  const { apiKey, banners } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
      <NavMenu>
        <Link to="/app" rel="home">
          Home
        </Link>
        <Link to="/app/activity">Sync activity</Link>
        <Link to="/app/mappings">Field mappings</Link>
        <Link to="/app/rules">Validation rules</Link>
        <Link to="/app/backfill">Backfill</Link>
        <Link to="/app/connection">Salesforce connection</Link>
      </NavMenu>
      <SyncHealthBanners banners={banners} />
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs its own boundary and headers so that its redirects (re-auth, bounce) reach the browser.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
