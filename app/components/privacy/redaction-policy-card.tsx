import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, ChoiceList, Text } from "@shopify/polaris";
import { useState } from "react";
import { REDACTION_POLICIES, REDACTION_POLICY_LABELS, type RedactionPolicy } from "../../sync/privacy/redaction-policy";

/** The Salesforce page's choice of what a customer's erasure request (customers/redact) does in Salesforce. */
export function RedactionPolicyCard({ policy }: { policy: RedactionPolicy }) {
  const save = useFetcher();
  const [selected, setSelected] = useState<RedactionPolicy>(policy);
  return (
    <Card>
      <save.Form method="post">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Customer data erasure
          </Text>
          <Text as="p" tone="subdued">
            When Shopify asks to erase a customer's data, this app always erases it from its own database. Choose what happens to the records it
            wrote in Salesforce.
          </Text>
          <input type="hidden" name="intent" value="redaction-policy" />
          <input type="hidden" name="policy" value={selected} />
          <ChoiceList
            title="In Salesforce"
            choices={REDACTION_POLICIES.map((value) => ({ value, label: REDACTION_POLICY_LABELS[value] }))}
            selected={[selected]}
            onChange={(values) => setSelected(values[0] as RedactionPolicy)}
          />
          <div>
            <Button submit loading={save.state !== "idle"}>
              Save erasure policy
            </Button>
          </div>
        </BlockStack>
      </save.Form>
    </Card>
  );
}
