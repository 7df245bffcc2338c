import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, ChoiceList, Text } from "@shopify/polaris";
import { useState } from "react";
import { MONEY_CURRENCIES, type MoneyCurrency } from "../../sync/currency";

const LABELS: Record<MoneyCurrency, string> = {
  shop: "The shop's currency (recommended: matches Shopify's reports and payouts)",
  presentment: "The currency the customer paid in",
};

/** The Salesforce page's choice of which currency order amounts are written in (multi-currency orgs). */
export function MoneyCurrencyCard({ moneyCurrency }: { moneyCurrency: MoneyCurrency }) {
  const save = useFetcher();
  const [selected, setSelected] = useState<MoneyCurrency>(moneyCurrency);
  return (
    <Card>
      <save.Form method="post">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Order currency
          </Text>
          <Text as="p" tone="subdued">
            If your Salesforce org has multiple currencies, each Opportunity or Order is written in one currency. An order in a currency that
            is not active in Salesforce waits in Activity until you activate it (Setup → Company Settings → Manage Currencies). Orgs with a
            single currency always get the shop's currency.
          </Text>
          <input type="hidden" name="intent" value="money-currency" />
          <input type="hidden" name="moneyCurrency" value={selected} />
          <ChoiceList
            title="Write order amounts in"
            choices={MONEY_CURRENCIES.map((value) => ({ value, label: LABELS[value] }))}
            selected={[selected]}
            onChange={(values) => setSelected(values[0] as MoneyCurrency)}
          />
          <div>
            <Button submit loading={save.state !== "idle"}>
              Save order currency
            </Button>
          </div>
        </BlockStack>
      </save.Form>
    </Card>
  );
}
