import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, Text } from "@shopify/polaris";
import { useState } from "react";

/** The Salesforce page's switch for adopting existing Contacts / Person Accounts by email (Shop.matchExistingByEmail). */
export function MatchByEmailCard({ enabled }: { enabled: boolean }) {
  const save = useFetcher();
  const [checked, setChecked] = useState(enabled);
  return (
    <Card>
      <save.Form method="post">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Customers your org already has
          </Text>
          <input type="hidden" name="intent" value="match-by-email" />
          <input type="hidden" name="enabled" value={checked ? "true" : "false"} />
          <Checkbox
            label="Link to an existing Contact or Person Account with the same email"
            helpText="Before creating a Contact (or Person Account), look for one with the customer's email. When exactly one unlinked record matches, it is linked to the Shopify customer instead of creating a duplicate. Applies to the default mappings."
            checked={checked}
            onChange={setChecked}
          />
          <div>
            <Button submit loading={save.state !== "idle"}>
              Save
            </Button>
          </div>
        </BlockStack>
      </save.Form>
    </Card>
  );
}
