import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, InlineError, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

interface ConnectActionData {
  authorizeUrl?: string;
  error?: string;
}

const ENVIRONMENTS = [
  { label: "Production (login.salesforce.com)", value: "production" },
  { label: "Sandbox (test.salesforce.com)", value: "sandbox" },
  { label: "My Domain (your own login URL)", value: "custom" },
];

/** Connect leaves the Shopify iframe: Salesforce's login page refuses to be framed. */
export function ConnectCard({ connected, environment, orgId = null }: { connected: boolean; environment: string | null; orgId?: string | null }) {
  const connect = useFetcher<ConnectActionData>();
  const disconnect = useFetcher();
  const [env, setEnv] = useState(environment ?? "production");
  const [myDomain, setMyDomain] = useState("");

  useEffect(() => {
    // App Bridge turns a "_top" open into a navigation of the whole admin window.
    if (connect.data?.authorizeUrl) open(connect.data.authorizeUrl, "_top");
  }, [connect.data]);

  return (
    <Card>
      <connect.Form method="post">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {connected ? "Reconnect or switch org" : "Connect your Salesforce org"}
          </Text>
          <input type="hidden" name="intent" value="connect" />
          {connected && orgId && (
            <Banner tone="warning" title="Signing in to a different org resets the links to this one">
              <p>
                This shop is linked to org {orgId}. If you sign in to another org (for example production instead of a sandbox), the
                Salesforce ids and change fingerprints kept for org {orgId} are reset, so every customer and order is sent to the new org
                on its next change or replay. History is kept; records already in {orgId} stay there. Signing in to the same org changes
                nothing.
              </p>
            </Banner>
          )}
          <Select label="Salesforce environment" name="environment" options={ENVIRONMENTS} value={env} onChange={setEnv} />
          {env === "custom" && (
            <TextField
              label="My Domain URL"
              name="myDomain"
              value={myDomain}
              onChange={setMyDomain}
              placeholder="https://acme.my.salesforce.com"
              helpText="Salesforce → Setup → My Domain shows it."
              autoComplete="off"
            />
          )}
          {connect.data?.error && <InlineError message={connect.data.error} fieldID="myDomain" />}
          <InlineStack gap="200">
            <Button submit variant="primary" loading={connect.state !== "idle"}>
              {connected ? "Reconnect" : "Connect"}
            </Button>
            {connected && (
              <Button
                tone="critical"
                loading={disconnect.state !== "idle"}
                onClick={() => disconnect.submit({ intent: "disconnect" }, { method: "post" })}
              >
                Disconnect
              </Button>
            )}
          </InlineStack>
        </BlockStack>
      </connect.Form>
    </Card>
  );
}
