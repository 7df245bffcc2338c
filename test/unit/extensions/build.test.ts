import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bundleExtension, entryOf, MAX_BUNDLE_BYTES, readExtensions } from "../../../scripts/build-extensions";

// The extensions build with esbuild exactly as the Shopify CLI bundles them (scripts/build-extensions.ts),
// and their configuration is what the CLI expects. Their types are checked by `npm run typecheck`.

const appToml = readFileSync(new URL("../../../shopify.app.toml", import.meta.url), "utf8");
const appApiVersion = /api_version = "([^"]+)"/.exec(appToml)?.[1];
const extensions = readExtensions();

const EXPECTED_TARGETS = [
  "admin.order-details.block.render",
  "admin.customer-details.block.render",
  "admin.order-details.action.render",
  "admin.order-index.selection-action.render",
  "admin.customer-details.action.render",
  "admin.customer-index.selection-action.render",
];

describe("extensions/", () => {
  it("has a block and an action for orders and customers, including the index selection actions", () => {
    expect(extensions.flatMap((extension) => extension.targets.map((target) => target.target)).sort()).toEqual([...EXPECTED_TARGETS].sort());
    expect(new Set(extensions.map((extension) => extension.handle)).size).toBe(extensions.length);
  });

  it.each(extensions.map((extension) => [extension.handle, extension]))("%s: configured for the app's API version as a ui_extension", (_handle, extension) => {
    expect(extension.apiVersion).toBe(appApiVersion);
    expect(extension.type).toBe("ui_extension");
    expect(extension.handle).toMatch(/^[a-z0-9-]{1,30}$/);
    for (const target of extension.targets) expect(target.module).toMatch(/^\.\/src\/.+\.tsx$/);
  });

  it.each(extensions.map((extension) => [extension.handle, extension]))("%s: bundles with esbuild under Shopify's 64 KB limit", async (_handle, extension) => {
    const { code, result } = await bundleExtension(extension);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(code.length).toBeGreaterThan(1000);
    expect(code.length).toBeLessThan(MAX_BUNDLE_BYTES);
    for (const target of extension.targets) expect(code).toContain(target.target);
    // Preact's JSX runtime, Shopify's web components, and the app's backend paths are all in the bundle.
    expect(code).toMatch(/s-admin-(block|action)/);
    expect(code).toContain("/api/extensions/");
    expect(entryOf(extension)).toContain("shopify.extend(");
  });
});
