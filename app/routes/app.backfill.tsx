import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Layout, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useEffect } from "react";
import { useAdminLoadingBar } from "../components/admin/app-bridge";
import { AdminErrorBoundary } from "../components/admin/route-error-boundary";
import { BackfillEstimateCard } from "../components/backfill/backfill-estimate-card";
import { BackfillForm, type BackfillFormValues } from "../components/backfill/backfill-form";
import { BackfillRunCard } from "../components/backfill/backfill-run-card";
import type { EstimateView } from "../components/backfill/backfill-views";
import { requireAdmin } from "../services/admin/route-helpers.server";
import { backfillAdmin, parseBackfillForm, requireShopifyAdmin, toEstimateView, toRunView, type RunAction } from "../services/backfill/backfill-admin.server";
import { BackfillError } from "../services/backfill/backfill.server";

const ACTIVE = ["planned", "running", "paused"];
const POLL_MS = 3_000;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const run = await backfillAdmin.latestRun(shop);
  return { shop, run: run ? toRunView(run) : null };
};

export interface BackfillActionData {
  intent: string;
  error: string | null;
  estimate: EstimateView | null;
  /** The choices the estimate is for (Start is offered for exactly these). */
  input: BackfillFormValues | null;
  runId: string | null;
}

export const action = async ({ request }: ActionFunctionArgs): Promise<BackfillActionData> => {
  const { shop, access } = await requireShopifyAdmin(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const input: BackfillFormValues = { resources: form.getAll("resources").map(String), from: String(form.get("from") ?? ""), to: String(form.get("to") ?? "") };
  const answer = (data: Partial<BackfillActionData>): BackfillActionData => ({ intent, error: null, estimate: null, input: null, runId: null, ...data });
  try {
    if (intent === "estimate") return answer({ estimate: toEstimateView(await backfillAdmin.estimate(shop, access, parseBackfillForm(input))), input });
    if (intent === "start") return answer({ runId: (await backfillAdmin.start(shop, access, parseBackfillForm(input))).id });
    if (intent === "pause" || intent === "resume" || intent === "cancel") {
      const runId = String(form.get("runId") ?? "");
      const changed = await backfillAdmin.change(shop, runId, intent as RunAction);
      return answer({ runId, error: changed ? null : `The backfill cannot ${intent} now (it is not in a state that allows it, or it no longer exists).` });
    }
  } catch (error) {
    if (error instanceof BackfillError) return answer({ error: error.message, input });
    throw error;
  }
  throw new Response("That request was not understood.", { status: 400 });
};

export default function BackfillPage() {
  const { run } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const revalidator = useRevalidator();
  useAdminLoadingBar();
  const active = run !== null && ACTIVE.includes(run.status);
  // Progress comes from the worker: re-read it while the run is moving.
  useEffect(() => {
    if (run?.status !== "running") return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [run?.status, revalidator]);
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Page title="Backfill" subtitle="Send existing Shopify records to Salesforce" backAction={{ url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.error && (
              <Banner tone="critical" title="Not started">
                {result.error}
              </Banner>
            )}
            {run && <BackfillRunCard run={run} />}
            <BackfillForm
              initial={result?.input ?? { resources: ["customers", "orders"], from: "", to: today }}
              estimated={result?.intent === "estimate" && result.estimate ? result.input : null}
              disabled={active}
            />
            {result?.intent === "estimate" && result.estimate && !active && <BackfillEstimateCard estimate={result.estimate} />}
            {run?.estimate && run.status !== "completed" && result?.intent !== "estimate" && <BackfillEstimateCard estimate={run.estimate} title="Estimate for this backfill" />}
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
