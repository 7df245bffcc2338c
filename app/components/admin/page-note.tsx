import { Box, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/** A line of explanation between cards; on phones cards run edge to edge, so the text gets the page's inset. */
export function PageNote({ children, size = "bodyMd" }: { children: ReactNode; size?: "bodyMd" | "bodySm" }) {
  return (
    <Box paddingInline={{ xs: "400", sm: "0" }}>
      <Text as="p" tone="subdued" variant={size}>
        {children}
      </Text>
    </Box>
  );
}
