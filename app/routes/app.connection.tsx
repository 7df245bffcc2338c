import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Layout, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { z } from "zod";
import { useAdminLoadingBar } from "../components/admin/app-bridge";
import { AdminErrorBoundary } from "../components/admin/route-error-boundary";
import { ApiBudgetCard } from "../components/salesforce-connection/api-budget-card";
import { ConnectCard } from "../components/salesforce-connection/connect-card";
import { ConnectionStatusCard } from "../components/salesforce-connection/connection-status-card";
import { MatchByEmailCard } from "../components/salesforce-connection/match-by-email-card";
import { SetupCheckCard } from "../components/salesforce-connection/setup-check-card";
import { RedactionPolicyCard } from "../components/privacy/redaction-policy-card";
import { MoneyCurrencyCard } from "../components/salesforce-connection/money-currency-card";
import { admin } from "../services/admin/admin.server";
import { REDACTION_POLICIES } from "../sync/privacy/redaction-policy";
import { MONEY_CURRENCIES } from "../sync/currency";
import { salesforce } from "../salesforce.server";
import { SALESFORCE_ENVIRONMENTS } from "../services/salesforce/index.server";
import { authenticate } from "../shopify.server";

const ActionInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("connect"), environment: z.enum(SALESFORCE_ENVIRONMENTS), myDomain: z.string().max(255).optional() }),
  z.object({ intent: z.literal("disconnect") }),
  z.object({ intent: z.literal("check") }),
  z.object({ intent: z.literal("reserve"), percent: z.coerce.number().int().min(0).max(90) }),
  z.object({ intent: z.literal("redaction-policy"), policy: z.enum(REDACTION_POLICIES) }),
  z.object({ intent: z.literal("money-currency"), moneyCurrency: z.enum(MONEY_CURRENCIES) }),
  z.object({ intent: z.literal("match-by-email"), enabled: z.enum(["true", "false"]).transform((value) => value === "true") }),
]);

// What the OAuth callback reports back through the admin URL (?salesforce=… / ?salesforce_error=…).
const CALLBACK_NOTICES: Record<string, { tone: "success" | "critical"; message: string }> = {
  connected: { tone: "success", message: "Salesforce is connected. Run the setup check to see what your org still needs." },
  "org-switched": {
    tone: "success",
    message:
      "Connected to a different Salesforce org. Links to the previous org's records were reset (history is kept): each customer and order is sent to this org on its next change, or now if you replay it from Activity. Run the setup check.",
  },
  expired: { tone: "critical", message: "The Salesforce sign-in took longer than 10 minutes. Please connect again." },
  "unknown-or-used": { tone: "critical", message: "That Salesforce sign-in link was already used. Please connect again." },
  "salesforce-denied": { tone: "critical", message: "Salesforce did not authorize the connection." },
  "exchange-failed": { tone: "critical", message: "Salesforce refused the sign-in. Please connect again." },
  "other-browser": { tone: "critical", message: "That Salesforce sign-in was finished in another browser than the one that started it. Please connect again here." },
};

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const key = params.get("salesforce_error") ?? params.get("salesforce") ?? "";
  const notice = CALLBACK_NOTICES[key] ?? (params.has("salesforce_error") ? { tone: "critical" as const, message: "Connecting Salesforce failed. Please try again." } : null);
  return {
    status: await salesforce.status(session.shop),
    notice,
    redactionPolicy: await admin.privacy.policy(session.shop),
    moneyCurrency: await admin.moneyCurrency.get(session.shop),
    matchExistingByEmail: await admin.identity.matchExistingByEmail(session.shop),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const input = ActionInput.safeParse(Object.fromEntries(await request.formData()));
  if (!input.success) return { intent: "invalid" as const, error: "That request was not understood." };
  const shop = session.shop;
  switch (input.data.intent) {
    case "connect": {
      const begun = await salesforce.oauth.begin({ shop, environment: input.data.environment, myDomain: input.data.myDomain, bindToBrowser: true });
      if (!begun.ok) return { intent: "connect" as const, error: begun.message };
      // The page opens it with target _top (Salesforce's login cannot run inside the admin iframe); our start
      // page sets the cookie that lets only this browser complete the flow, then goes on to Salesforce.
      const start = new URL("/auth/salesforce/start", process.env.SHOPIFY_APP_URL ?? new URL(request.url).origin);
      start.searchParams.set("to", begun.authorizeUrl);
      start.searchParams.set("binding", begun.browserBinding ?? "");
      return { intent: "connect" as const, authorizeUrl: start.toString() };
    }
    case "disconnect":
      return { intent: "disconnect" as const, ...(await salesforce.oauth.disconnect(shop)) };
    case "check":
      return { intent: "check" as const, report: await salesforce.runSetupCheck(shop, { refreshDescribe: true }) };
    case "reserve": {
      const status = await salesforce.status(shop);
      if (!status.username) return { intent: "reserve" as const, error: "Connect Salesforce first." };
      await salesforce.setApiReservePercent(shop, input.data.percent);
      return { intent: "reserve" as const, percent: input.data.percent };
    }
    case "redaction-policy":
      await admin.privacy.setPolicy(shop, input.data.policy);
      return { intent: "redaction-policy" as const, policy: input.data.policy };
    case "money-currency":
      await admin.moneyCurrency.set(shop, input.data.moneyCurrency);
      return { intent: "money-currency" as const, moneyCurrency: input.data.moneyCurrency };
    case "match-by-email":
      await admin.identity.setMatchExistingByEmail(shop, input.data.enabled);
      return { intent: "match-by-email" as const, enabled: input.data.enabled };
  }
};

export default function ConnectionPage() {
  const { status, notice, redactionPolicy, moneyCurrency, matchExistingByEmail } = useLoaderData<typeof loader>();
  const connected = status.status === "connected";
  useAdminLoadingBar();
  return (
    <Page title="Salesforce connection" backAction={{ url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {notice && <Banner tone={notice.tone}>{notice.message}</Banner>}
            {status.pause && (
              <Banner tone="warning" title="Sync is paused">
                {status.pause.message}
              </Banner>
            )}
            <ConnectionStatusCard status={status} />
            <ConnectCard connected={connected} environment={status.environment} orgId={status.orgId} />
            <SetupCheckCard report={status.health} canRun={connected} />
            <ApiBudgetCard status={status} />
            <MoneyCurrencyCard moneyCurrency={moneyCurrency} />
            <MatchByEmailCard enabled={matchExistingByEmail} />
            <RedactionPolicyCard policy={redactionPolicy} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorBoundary backUrl="/app" />;
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
