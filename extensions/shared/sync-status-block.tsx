import { useCallback, useEffect, useState } from "preact/hooks";
import { appLink, backend, BackendError } from "./backend";
import { attemptLine, collapsedSummary, connectionNotice, lineItemsSummary, primaryAction, recordRows, refundLabel, stateView } from "./status-view";
import type { ExtensionResource, RecordSyncStatus } from "./sync-api";

// The block on an order's or a customer's page: where the record stands in Salesforce, its records there
// (links into the org), the last attempt with its explanation, and one button (Sync now / Replay).
// One request loads it; the button's request answers with what was queued, then the block reloads.

type Load = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; status: RecordSyncStatus };

export function SyncStatusBlock(props: { resource: ExtensionResource; id: string | null }) {
  const { resource, id } = props;
  const [load, setLoad] = useState<Load>({ kind: "loading" });
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ tone: "success" | "critical"; text: string } | null>(null);

  const refresh = useCallback(async () => {
    if (!id) return setLoad({ kind: "error", message: "The admin did not say which record this is." });
    try {
      setLoad({ kind: "ready", status: await backend.status(resource, id) });
    } catch (error) {
      setLoad({ kind: "error", message: error instanceof BackendError ? error.message : "Something went wrong." });
    }
  }, [resource, id]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (load.kind === "loading") {
    return (
      <s-admin-block heading="Salesforce">
        <s-spinner accessibilityLabel="Loading the Salesforce sync status" />
      </s-admin-block>
    );
  }
  if (load.kind === "error") {
    return (
      <s-admin-block heading="Salesforce">
        <s-banner tone="critical" heading="The Salesforce status could not be loaded">
          {load.message}
        </s-banner>
      </s-admin-block>
    );
  }

  const { status } = load;
  const view = stateView(status.state);
  const action = primaryAction(status);
  const rows = recordRows(status.records);
  const now = new Date();
  const cannotSync = connectionNotice(status);

  async function run() {
    if (!action || !id) return;
    setBusy(true);
    setNotice(null);
    try {
      if (action.kind === "replay") await backend.replay(resource, id);
      else {
        const outcome = await backend.sync(resource, [id]);
        if (outcome.queued === 0) setNotice({ tone: "success", text: "Already queued or up to date." });
      }
      await refresh();
    } catch (error) {
      setNotice({ tone: "critical", text: error instanceof BackendError ? error.message : "Something went wrong." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <s-admin-block heading="Salesforce" collapsedSummary={collapsedSummary(status)}>
      <s-stack direction="block" gap="base">
        <s-stack direction="inline" gap="small-200" alignItems="center">
          <s-badge tone={view.tone}>{view.label}</s-badge>
          {status.lastSyncedAt ? <s-text color="subdued">Last synced {attemptLine("synced", status.lastSyncedAt, now).split(" · ")[1]}</s-text> : null}
        </s-stack>
        <s-paragraph>{view.summary}</s-paragraph>
        {cannotSync ? <s-banner tone="warning">{cannotSync}</s-banner> : null}

        {rows.main.length > 0 || rows.lineItems.length > 0 ? (
          <s-stack direction="block" gap="small-200">
            <s-heading>Records in Salesforce</s-heading>
            {rows.main.map((row) => (
              <RecordLine key={row.id} label={row.label} id={row.id} url={row.url} />
            ))}
            {rows.lineItems.length > 0 ? (
              <s-stack direction="block" gap="small-300">
                <s-text>{lineItemsSummary(rows.lineItems.length, rows.catalog)}</s-text>
                {rows.lineItems.slice(0, 5).map((row) => (
                  <RecordLine key={row.id} label={row.label} id={row.id} url={row.url} />
                ))}
                {rows.lineItems.length > 5 ? <s-text color="subdued">and {rows.lineItems.length - 5} more</s-text> : null}
              </s-stack>
            ) : null}
          </s-stack>
        ) : null}

        {status.refunds.length > 0 ? (
          <s-stack direction="block" gap="small-200">
            <s-heading>Refunds</s-heading>
            {status.refunds.map((refund) =>
              refund.url ? (
                <s-link key={refund.shopifyId} href={refund.url} target="_blank">
                  {refundLabel(refund)}
                </s-link>
              ) : (
                <s-text key={refund.shopifyId}>{refundLabel(refund)}</s-text>
              ),
            )}
          </s-stack>
        ) : null}

        {status.lastAttempt ? (
          <s-stack direction="block" gap="small-200">
            <s-heading>Last attempt</s-heading>
            <s-text>{attemptLine(status.lastAttempt.outcome, status.lastAttempt.at, now)}</s-text>
            {status.lastAttempt.message && status.state !== "synced" ? (
              <s-banner tone={status.state === "dead" ? "critical" : "warning"} heading={status.lastAttempt.errorCode ?? "Salesforce refused the record"}>
                {status.lastAttempt.message}
              </s-banner>
            ) : null}
          </s-stack>
        ) : null}

        {notice ? <s-banner tone={notice.tone === "success" ? "success" : "critical"}>{notice.text}</s-banner> : null}

        <s-stack direction="inline" gap="base" alignItems="center">
          {action ? (
            <s-button variant="primary" loading={busy} disabled={busy} onClick={() => void run()}>
              {action.label}
            </s-button>
          ) : null}
          <s-link href={appLink(status.activityPath)}>View in Activity</s-link>
        </s-stack>
      </s-stack>
    </s-admin-block>
  );
}

function RecordLine(props: { label: string; id: string; url: string | null }) {
  return (
    <s-stack direction="inline" gap="small-200">
      <s-text>{props.label}</s-text>
      {props.url ? (
        <s-link href={props.url} target="_blank" accessibilityLabel={`Open ${props.label} ${props.id} in Salesforce`}>
          {props.id}
        </s-link>
      ) : (
        <s-text color="subdued">{props.id}</s-text>
      )}
    </s-stack>
  );
}
