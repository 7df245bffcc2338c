// A page that runs one admin UI extension bundle outside the Shopify admin, as the admin's host would:
// a `shopify` global for the target (data.selected, close, extend), and Shopify's web components (s-*)
// drawn with plain CSS close to the admin's look. The bundle's `fetch` to the app's backend goes through
// the preview's App Bridge stand-in, which adds the session token as the admin does for extensions.
// Used by the local preview (links on /__preview/extensions) and by the Chromium test's screenshots.

export interface HarnessTarget {
  handle: string;
  target: string;
  /** The gids the admin would hand over in data.selected. */
  selected: string[];
}

const COMPONENT_CSS = `
body { margin: 24px auto; max-width: 620px; padding: 0 16px; background: #f1f1f1; font: 13px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #303030; }
.harness { max-width: 560px; margin: 24px auto; }
.harness > p { color: #616161; margin: 0 0 8px; }
s-admin-block, s-admin-action { display: block; background: #fff; border-radius: 12px; box-shadow: 0 1px 0 rgba(26,26,26,.07), 0 0 0 1px rgba(0,0,0,.06); padding: 16px; }
s-admin-block::before, s-admin-action::before { content: attr(heading); display: block; font-weight: 650; font-size: 14px; margin-bottom: 12px; }
s-admin-action { display: flex; flex-flow: row wrap; justify-content: flex-end; gap: 12px 8px; }
s-admin-action::before { flex: 1 0 100%; margin-bottom: 0; }
s-admin-action > s-stack { flex: 1 0 100%; }
s-admin-action > [slot="secondary-actions"] { order: 2; }
s-admin-action > [slot="primary-action"] { order: 3; }
s-stack { display: flex; flex-direction: column; gap: 12px; }
s-stack[direction="inline"] { flex-direction: row; flex-wrap: wrap; align-items: center; gap: 8px; }
s-stack[gap="small-200"] { gap: 6px; } s-stack[gap="small-300"] { gap: 4px; }
s-heading { display: block; font-weight: 650; }
s-paragraph { display: block; }
s-text[color="subdued"] { color: #616161; }
s-badge { display: inline-block; border-radius: 8px; padding: 2px 8px; font-weight: 550; background: #e3e3e3; }
s-badge[tone="success"] { background: #cdfee1; color: #0c5132; } s-badge[tone="info"] { background: #e0f0ff; color: #00527c; }
s-badge[tone="caution"] { background: #fff1e3; color: #5e4200; } s-badge[tone="warning"] { background: #ffd6a4; color: #5e4200; }
s-badge[tone="critical"] { background: #fedad9; color: #8e1f0b; }
s-banner { display: block; border-radius: 8px; padding: 10px 12px; background: #ebebeb; }
s-banner::before { content: attr(heading); display: block; font-weight: 650; }
s-banner[tone="success"] { background: #cdfee1; } s-banner[tone="info"] { background: #e0f0ff; }
s-banner[tone="warning"] { background: #fff1e3; } s-banner[tone="critical"] { background: #fedad9; }
s-link { color: #005bd3; cursor: pointer; text-decoration: underline; }
s-button { display: inline-block; cursor: pointer; border-radius: 8px; padding: 6px 12px; background: #fff; box-shadow: inset 0 0 0 1px #c9c9c9; font-weight: 550; }
s-button[variant="primary"] { background: #303030; color: #fff; box-shadow: none; }
s-button[disabled] { opacity: .5; pointer-events: none; }
s-button[loading]::after { content: " …"; }
s-spinner::before { content: "Loading…"; color: #616161; }
`;

// Roles and keyboard access for the web components the stand-in draws, so tests (and people) can use them.
const COMPONENT_SCRIPT = `
for (const [tag, role] of [["s-button", "button"], ["s-link", "link"], ["s-banner", "status"]]) {
  customElements.define(tag, class extends HTMLElement {
    connectedCallback() {
      this.setAttribute("role", role);
      if (role !== "status") this.tabIndex = 0;
      const label = this.getAttribute("accessibilitylabel") || this.accessibilityLabel;
      if (label) this.setAttribute("aria-label", label);
      if (role === "link") this.addEventListener("click", () => { const href = this.getAttribute("href"); if (href) window.__previewOpen(href); });
    }
  });
}
window.__previewOpen = (href) => {
  // app: links open the app's own page in the preview; anything else (Salesforce) in a new tab.
  if (href.startsWith("app:")) location.href = "/" + href.slice(4);
  else window.open(href, "_blank", "noopener");
};
`;

export function extensionHarnessHtml(target: HarnessTarget, bundleUrl: string): string {
  const api = {
    extension: { target: target.target },
    data: { selected: target.selected.map((id) => ({ id })) },
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${target.target} · local preview</title>
<style>${COMPONENT_CSS}</style>
<script src="/__preview/app-bridge.js"></script>
<script>${COMPONENT_SCRIPT}</script>
<script>
window.shopify = Object.assign(window.shopify || {}, ${JSON.stringify(api)}, {
  close() { document.documentElement.dataset.extensionClosed = "true"; },
  navigation: { navigate(url) { window.__previewOpen(String(url)); } },
  // The bundle registers every target of its extension; the admin runs only the one it is showing.
  extend(target, render) {
    if (target !== ${JSON.stringify(target.target)}) return;
    document.documentElement.dataset.extensionTarget = target;
    Promise.resolve(render()).catch((error) => { console.error(error); });
  },
});
</script>
</head><body>
<script src="${bundleUrl}"></script>
</body></html>`;
}

export function harnessIndexHtml(targets: HarnessTarget[]): string {
  const items = targets.map((target) => `<li><a href="/__preview/extensions/${target.handle}/${target.target}?ids=${encodeURIComponent(target.selected.join(","))}">${target.target}</a> (${target.selected.length} selected)</li>`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Admin extensions · local preview</title>
<style>body{font:14px system-ui,sans-serif;max-width:720px;margin:32px auto;color:#303030}</style></head>
<body><h1>Admin extensions (local preview)</h1><p>Each opens the extension as the Shopify admin would run it, against this app's backend and the demo shop.</p><ul>${items}</ul>
<p><a href="/">Back to the app</a></p></body></html>`;
}
