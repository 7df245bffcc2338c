import { BlockStack, InlineStack, Text } from "@shopify/polaris";
import { useId } from "react";

// A hand-made SVG bar chart: no chart library is installed (and none may be added), and Polaris has no
// chart. Colours and type come from Polaris tokens (CSS custom properties), so it follows the admin theme.
// Accessible: the SVG is one labelled image whose description lists every day, and each bar has a <title>.

export interface ChartDay {
  day: string;
  synced: number;
  failed: number;
}

const WIDTH = 560;
const HEIGHT = 160;
const AXIS = 22;
const COLORS = { synced: "var(--p-color-bg-fill-success)", failed: "var(--p-color-bg-fill-critical)" };

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
// Days are UTC days ("2026-11-21"); formatted by hand so server and browser render the same text.
const label = (day: string) => `${MONTHS[Number(day.slice(5, 7)) - 1]} ${Number(day.slice(8, 10))}`;

export function SyncChart({ days }: { days: readonly ChartDay[] }) {
  const titleId = useId();
  const descId = useId();
  const max = Math.max(1, ...days.map((d) => d.synced + d.failed));
  const slot = WIDTH / Math.max(1, days.length);
  const barWidth = Math.max(4, slot * 0.6);
  const scale = (value: number) => (value / max) * (HEIGHT - AXIS - 8);
  const description = days.map((d) => `${label(d.day)}: ${d.synced} synced, ${d.failed} failed`).join("; ");

  return (
    <BlockStack gap="200">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-labelledby={`${titleId} ${descId}`} style={{ maxHeight: 200, fontFamily: "var(--p-font-family-sans)" }}>
        <title id={titleId}>Events synced and failed per day, last {days.length} days</title>
        <desc id={descId}>{description}</desc>
        <line x1={0} x2={WIDTH} y1={HEIGHT - AXIS} y2={HEIGHT - AXIS} stroke="var(--p-color-border-secondary)" />
        <text x={0} y={10} fontSize={10} fill="var(--p-color-text-secondary)">
          {max}
        </text>
        {days.map((d, i) => {
          const x = i * slot + (slot - barWidth) / 2;
          const syncedHeight = scale(d.synced);
          const failedHeight = scale(d.failed);
          const base = HEIGHT - AXIS;
          return (
            <g key={d.day}>
              <title>{`${label(d.day)}: ${d.synced} synced, ${d.failed} failed`}</title>
              <rect x={x} y={base - syncedHeight} width={barWidth} height={syncedHeight} rx={2} fill={COLORS.synced} />
              <rect x={x} y={base - syncedHeight - failedHeight} width={barWidth} height={failedHeight} rx={2} fill={COLORS.failed} />
              {(i % 2 === days.length % 2 || days.length <= 7) && (
                <text x={x + barWidth / 2} y={HEIGHT - 6} fontSize={10} textAnchor="middle" fill="var(--p-color-text-secondary)">
                  {label(d.day)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <InlineStack gap="400">
        <Legend color={COLORS.synced} text="Synced" />
        <Legend color={COLORS.failed} text="Failed (needs attention or dead)" />
      </InlineStack>
    </BlockStack>
  );
}

function Legend({ color, text }: { color: string; text: string }) {
  return (
    <InlineStack gap="100" blockAlign="center">
      <svg width="12" height="12" aria-hidden="true">
        <rect width="12" height="12" rx="2" fill={color} />
      </svg>
      <Text as="span" variant="bodySm" tone="subdued">
        {text}
      </Text>
    </InlineStack>
  );
}
