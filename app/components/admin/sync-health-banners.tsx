import { Banner, BlockStack, Box } from "@shopify/polaris";
import type { SyncHealthBanner } from "../../services/admin/sync-health.server";

/** The shop's sync problems, on every admin page, each with the action that fixes it. */
export function SyncHealthBanners({ banners }: { banners: SyncHealthBanner[] }) {
  if (banners.length === 0) return null;
  return (
    <Box padding="400">
      <BlockStack gap="200">
        {banners.map((banner) => (
          <Banner key={banner.id} tone={banner.tone} title={banner.title} action={banner.action}>
            {banner.message}
          </Banner>
        ))}
      </BlockStack>
    </Box>
  );
}
