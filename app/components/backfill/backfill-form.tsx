import { useNavigation, useSubmit } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";

export interface BackfillFormValues {
  resources: string[];
  from: string;
  to: string;
}

/**
 * Resources and a date range (records created in it). "Estimate" shows what the run will cost first;
 * "Start backfill" is offered once an estimate for exactly these choices is on screen.
 */
export function BackfillForm({ initial, estimated, disabled }: { initial: BackfillFormValues; estimated: BackfillFormValues | null; disabled: boolean }) {
  const [values, setValues] = useState(initial);
  const busy = useNavigation().state !== "idle";
  const submit = useSubmit();
  const send = (intent: "estimate" | "start") => {
    const form = new FormData();
    form.set("intent", intent);
    for (const resource of values.resources) form.append("resources", resource);
    form.set("from", values.from);
    form.set("to", values.to);
    submit(form, { method: "post" });
  };
  const toggle = (resource: string, checked: boolean) =>
    setValues((current) => ({ ...current, resources: checked ? [...current.resources, resource] : current.resources.filter((r) => r !== resource) }));
  const sameAsEstimate =
    estimated !== null && estimated.from === values.from && estimated.to === values.to && [...estimated.resources].sort().join() === [...values.resources].sort().join();
  return (
    <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Sync existing records
          </Text>
          <Text as="p" tone="subdued">
            Sends customers and orders created before the app was installed (or missed) to Salesforce, through the same mappings and rules as live sync.
          </Text>
          <InlineStack gap="400">
            <Checkbox label="Customers" checked={values.resources.includes("customers")} onChange={(checked) => toggle("customers", checked)} disabled={disabled} />
            <Checkbox label="Orders" checked={values.resources.includes("orders")} onChange={(checked) => toggle("orders", checked)} disabled={disabled} />
          </InlineStack>
          <InlineStack gap="400">
            <TextField label="Created from" type="date" value={values.from} onChange={(from) => setValues((current) => ({ ...current, from }))} autoComplete="off" helpText="Empty: from the first record" disabled={disabled} />
            <TextField label="Created until" type="date" value={values.to} onChange={(to) => setValues((current) => ({ ...current, to }))} autoComplete="off" helpText="Inclusive; empty: until now" disabled={disabled} />
          </InlineStack>
          <InlineStack gap="200">
            <Button onClick={() => send("estimate")} loading={busy} disabled={disabled}>
              Estimate
            </Button>
            {sameAsEstimate && (
              <Button onClick={() => send("start")} variant="primary" loading={busy} disabled={disabled}>
                Start backfill
              </Button>
            )}
          </InlineStack>
          {disabled && (
            <Text as="p" tone="subdued">
              A backfill is in progress; a new one can start when it is finished or canceled.
            </Text>
          )}
        </BlockStack>
    </Card>
  );
}
