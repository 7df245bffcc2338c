import { useState } from "preact/hooks";
import { appLink, backend, BackendError, numericId } from "./backend";
import { queuedMessage } from "./status-view";
import type { ExtensionResource, QueueOutcome } from "./sync-api";

// "Sync to Salesforce" on an order or customer (More actions) and on a selection of the index page: the
// backend reads the current records from Shopify and queues them like their webhooks; the modal says how
// many were queued and links to the app's Activity page.

const NOUNS = { order: { one: "order", many: "orders" }, customer: { one: "customer", many: "customers" } } as const;
const MAX_SELECTION = 250;

type State = { kind: "confirm" } | { kind: "working" } | { kind: "done"; outcome: QueueOutcome } | { kind: "error"; message: string };

export function SyncAction(props: { resource: ExtensionResource; selected: ReadonlyArray<{ id: string }>; close: () => void }) {
  const { resource, selected, close } = props;
  const ids = selected.map((item) => numericId(item.id));
  const noun = NOUNS[resource];
  const [state, setState] = useState<State>({ kind: "confirm" });
  const tooMany = ids.length > MAX_SELECTION;

  async function start() {
    setState({ kind: "working" });
    try {
      setState({ kind: "done", outcome: await backend.sync(resource, ids) });
    } catch (error) {
      setState({ kind: "error", message: error instanceof BackendError ? error.message : "Something went wrong." });
    }
  }

  const count = ids.length === 1 ? `this ${noun.one}` : `${ids.length} ${noun.many}`;
  return (
    <s-admin-action heading="Sync to Salesforce" loading={state.kind === "working"}>
      <s-stack direction="block" gap="base">
        {state.kind === "confirm" ? (
          tooMany ? (
            <s-banner tone="warning">Select at most {MAX_SELECTION} {noun.many} at a time.</s-banner>
          ) : (
            <s-paragraph>
              Read the current version of {count} from Shopify and queue {ids.length === 1 ? "it" : "them"} to sync to Salesforce. Records already queued or unchanged are not sent twice.
            </s-paragraph>
          )
        ) : null}
        {state.kind === "working" ? <s-paragraph>Reading {count} from Shopify…</s-paragraph> : null}
        {state.kind === "done" ? (
          <s-stack direction="block" gap="small-200">
            <s-banner tone={state.outcome.queued > 0 ? "success" : "info"} heading={`${state.outcome.queued} queued`}>
              {queuedMessage(state.outcome, noun)}
            </s-banner>
            <s-link href={appLink(state.outcome.activityPath)}>See their progress in Activity</s-link>
          </s-stack>
        ) : null}
        {state.kind === "error" ? <s-banner tone="critical" heading="Nothing was queued">{state.message}</s-banner> : null}
      </s-stack>
      {state.kind === "done" ? (
        <s-button slot="primary-action" variant="primary" onClick={close}>
          Done
        </s-button>
      ) : (
        <s-button slot="primary-action" variant="primary" disabled={tooMany || state.kind === "working" || ids.length === 0} onClick={() => void start()}>
          {state.kind === "error" ? "Try again" : "Sync to Salesforce"}
        </s-button>
      )}
      <s-button slot="secondary-actions" onClick={close}>
        {state.kind === "done" ? "Close" : "Cancel"}
      </s-button>
    </s-admin-action>
  );
}
