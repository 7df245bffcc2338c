import { BlockStack, Card, Text, TextField } from "@shopify/polaris";
import { formatNumber } from "../admin/format";

// Polaris has no code block; a read-only monospaced TextField is its way to show (and copy) raw text.
const MAX_SHOWN = 200_000;

export function PayloadCard({ text, bytes }: { text: string; bytes: number }) {
  const shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}\n… (${formatNumber(text.length - MAX_SHOWN)} more characters)` : text;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Payload <Text as="span" tone="subdued" variant="bodySm">({formatNumber(bytes)} bytes as received; ids kept exact)</Text>
        </Text>
        <TextField label="Payload JSON" labelHidden value={shown} multiline={16} maxHeight={480} readOnly monospaced autoComplete="off" />
      </BlockStack>
    </Card>
  );
}
