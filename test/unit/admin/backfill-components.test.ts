import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { createElement, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { BackfillEstimateCard } from "../../../app/components/backfill/backfill-estimate-card";
import { BackfillForm } from "../../../app/components/backfill/backfill-form";
import { BackfillRunCard } from "../../../app/components/backfill/backfill-run-card";
import type { CompletenessView, EstimateView, RunView } from "../../../app/components/backfill/backfill-views";
import { CompletenessCard } from "../../../app/components/backfill/completeness-card";

// The backfill page's and Home card's components rendered to HTML (Polaris, inside a data router as Remix
// provides): what the merchant reads for an estimate, a run and a completeness check.

function render(element: ReactElement): string {
  const router = createMemoryRouter([{ path: "/", element: createElement(AppProvider, { i18n: en }, element) }], { initialEntries: ["/"] });
  return renderToString(createElement(RouterProvider, { router }))
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");
}

const estimate: EstimateView = {
  resources: [
    { resource: "customers", records: 12_000, shopifyPath: "bulk-operation" },
    { resource: "orders", records: 40, shopifyPath: "paginated" },
  ],
  objects: [
    { object: "Contact", records: 12_000, path: "bulk", apiCalls: 16 },
    { object: "Opportunity", records: 40, path: "collections", apiCalls: 1 },
  ],
  apiCalls: 17,
  remaining: 900,
  reserve: 1_000,
  fits: false,
  orderWindow: { visibleFrom: "2026-10-03T00:00:00.000Z", message: "Shopify only lets this app read orders from the last 60 days.", howToFix: "Request read_all_orders." },
};

describe("backfill components", () => {
  it("the estimate: counts, objects with path and calls, the budget, the warning and the 60-day notice", () => {
    const html = render(createElement(BackfillEstimateCard, { estimate }));
    expect(html).toContain("12,000 customers in Shopify ( read with a bulk operation )");
    expect(html).toContain("Contact 12,000 Bulk API 2.0 16");
    expect(html).toContain("About 17 Salesforce API calls. 900 API calls left today; 1,000 are kept in reserve");
    expect(html).toContain("needs more API calls than are free today");
    expect(html).toContain("last 60 days");
    expect(html).toContain("Request read_all_orders.");
  });

  it("a running run: progress, counts and the buttons its state allows", () => {
    const run: RunView = {
      id: "run-1",
      status: "running",
      resources: ["customers"],
      from: null,
      to: "2026-12-02T00:00:00.000Z",
      estimate,
      progress: { customers: { total: 100, read: 40, synced: 38, failed: 2, skipped: 0 } },
      percent: 40,
      report: null,
      lastError: null,
      createdAt: "2026-12-02T10:00:00.000Z",
      startedAt: "2026-12-02T10:00:01.000Z",
      finishedAt: null,
    };
    const html = render(createElement(BackfillRunCard, { run }));
    expect(html).toContain("Running");
    expect(html).toContain("customers 100 40 38 0 2");
    expect(html).toContain("Pause");
    expect(html).toContain("Cancel");
    expect(html).not.toContain("Resume");
    expect(html).toContain("Sync activity");
    const failed = render(createElement(BackfillRunCard, { run: { ...run, status: "failed", lastError: "Salesforce answered 503" } }));
    expect(failed).toContain("The backfill stopped Salesforce answered 503");
    expect(failed).toContain("Resume");
  });

  it("the form offers Start only for the estimated choices", () => {
    const values = { resources: ["customers"], from: "", to: "2026-12-02" };
    expect(render(createElement(BackfillForm, { initial: values, estimated: null, disabled: false }))).not.toContain("Start backfill");
    expect(render(createElement(BackfillForm, { initial: values, estimated: values, disabled: false }))).toContain("Start backfill");
  });

  it("the completeness card: score, total, repairs and a failed check", () => {
    const completeness: CompletenessView = {
      resources: [{ resource: "customers", score: 99, total: 200, checkedAt: "2026-12-02T10:00:00.000Z", repairs: [{ shopifyId: "7", kind: "deleted-in-salesforce", eventId: "e1" }] }],
      failures: [{ resource: "orders", failedAt: "2026-12-02T10:00:00.000Z", error: "Salesforce is not connected" }],
      checking: false,
    };
    const html = render(createElement(CompletenessCard, { completeness }));
    expect(html).toContain("customers Attention 99%");
    expect(html).toContain("Records in sync out of 200 in Shopify");
    expect(html).toContain("7 was deleted in Salesforce");
    expect(html).toContain("The last check of orders failed");
    expect(html).toContain("Check now");
  });
});
