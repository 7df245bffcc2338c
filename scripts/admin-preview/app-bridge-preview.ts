// Stands in for https://cdn.shopify.com/shopifycloud/app-bridge.js in the local admin preview, playing the
// part of the Shopify admin around an embedded app, as App Bridge 4 does it:
// - `shopify.idToken()` and a patched `fetch` that adds `Authorization: Bearer <session token>` to every
//   same-origin request; tokens are minted by the preview server (it holds the app secret, the page never);
// - `shopify.toast.show()`, `shopify.loading()`;
// - the app's `<ui-nav-menu>` shown as a bar of links at the top (the admin shows it in its sidebar); a click
//   is the admin's `shopify:navigate` event, which the app's AppProvider turns into a client navigation.
export const APP_BRIDGE_PREVIEW = String.raw`
(() => {
  const nativeFetch = window.fetch.bind(window);
  async function idToken() {
    const response = await nativeFetch("/__preview/session-token", { method: "POST", headers: { "X-Admin-Preview": "1" } });
    if (!response.ok) throw new Error("the preview could not mint a session token");
    return (await response.json()).token;
  }
  window.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin !== location.origin || url.pathname.startsWith("/__preview/")) return nativeFetch(input, init);
    const token = await idToken();
    if (input instanceof Request) {
      const request = new Request(input, init);
      request.headers.set("Authorization", "Bearer " + token);
      return nativeFetch(request);
    }
    const headers = new Headers(init && init.headers);
    headers.set("Authorization", "Bearer " + token);
    return nativeFetch(input, { ...(init || {}), headers });
  };
  function toastRegion() {
    let region = document.getElementById("preview-toasts");
    if (!region) {
      region = document.createElement("div");
      region.id = "preview-toasts";
      region.setAttribute("role", "status");
      region.setAttribute("aria-label", "Admin toasts");
      region.style.cssText = "position:fixed;bottom:16px;left:50%;transform:translateX(-50%);z-index:1000;font:14px system-ui,sans-serif";
      document.body.appendChild(region);
    }
    return region;
  }
  window.shopify = {
    config: {},
    ready: Promise.resolve(),
    environment: { embedded: true, mobile: false, pos: false },
    idToken,
    loading(isLoading) { document.documentElement.dataset.adminLoading = isLoading ? "true" : "false"; },
    toast: {
      show(message, options) {
        const item = document.createElement("div");
        item.textContent = message;
        item.style.cssText = "background:" + (options && options.isError ? "#8e1f0b" : "#303030") + ";color:#fff;padding:8px 16px;border-radius:8px;margin-top:4px";
        toastRegion().appendChild(item);
        setTimeout(() => item.remove(), (options && options.duration) || 5000);
        return "toast";
      },
      hide() {},
    },
  };
  // Styles through an adopted stylesheet and attributes only: nodes added before React hydrates the page
  // would make its markup differ from the server's.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(
    "ui-nav-menu{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:center;padding:8px 16px;background:#1a1a1a;font:13px system-ui,sans-serif}" +
    "ui-nav-menu::before{content:'Local admin preview';color:#b5b5b5;margin-right:8px}" +
    "ui-nav-menu a{color:#fff;text-decoration:none}ui-nav-menu a:hover{text-decoration:underline}"
  );
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  customElements.define("ui-nav-menu", class extends HTMLElement {
    connectedCallback() {
      this.setAttribute("role", "navigation");
      this.setAttribute("aria-label", "Admin navigation (local preview)");
      this.addEventListener("click", (event) => {
        const link = event.target instanceof Element ? event.target.closest("a") : null;
        if (!link) return;
        event.preventDefault();
        link.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true }));
      });
    }
  });
})();
`;
