import { Select } from "@shopify/polaris";
import { formatUtc } from "./format";

export interface RecentEventSummary {
  topic: string;
  shopifyId: string | null;
  receivedAt: string;
}

/** Sample payload, or the shop's latest real one (when there is one). */
export function PayloadSourceSelect({ value, onChange, recent, noun }: { value: string; onChange(value: string): void; recent: RecentEventSummary | null; noun: string }) {
  const options = [
    { label: `Shopify's sample ${noun}`, value: "sample" },
    recent
      ? { label: `Most recent real ${noun} (${recent.topic}, ${formatUtc(recent.receivedAt)})`, value: "recent" }
      : { label: `Most recent real ${noun} (none received yet)`, value: "recent", disabled: true },
  ];
  return <Select label="Payload" name="source" options={options} value={value} onChange={onChange} />;
}
