// Stands in for https://cdn.shopify.com/shopifycloud/app-bridge.js, which cannot load offline. It plays
// the part of App Bridge that this app relies on, as App Bridge 4 does it:
// - `shopify.idToken()` and a patched `fetch` that adds `Authorization: Bearer <session token>` to every
//   same-origin request (Remix data loads, fetchers and form posts), the token freshly minted per request
//   by the test (window.__e2eSessionToken, exposed from Node with the app's secret);
// - `shopify.toast.show()` (rendered into a role="status" region the test reads) and `shopify.loading()`;
// - `<ui-nav-menu>` hidden like in the admin, and admin navigation as a `shopify:navigate` event on the
//   menu's link, which the app's AppProvider turns into a client-side navigation.
export const APP_BRIDGE_STUB = String.raw`
(() => {
  const nativeFetch = window.fetch.bind(window);
  const idToken = () => window.__e2eSessionToken();
  window.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin !== location.origin) return nativeFetch(input, init);
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
  const toasts = [];
  function toastRegion() {
    let region = document.getElementById("e2e-toasts");
    if (!region) {
      region = document.createElement("div");
      region.id = "e2e-toasts";
      region.setAttribute("role", "status");
      region.setAttribute("aria-label", "Admin toasts");
      region.style.cssText = "position:fixed;bottom:16px;left:50%;transform:translateX(-50%);z-index:1000;font:14px sans-serif";
      document.body.appendChild(region);
    }
    return region;
  }
  window.shopify = {
    config: { apiKey: document.currentScript && document.currentScript.dataset.apiKey },
    ready: Promise.resolve(),
    environment: { embedded: true, mobile: false, pos: false },
    idToken,
    loading(isLoading) { document.documentElement.dataset.adminLoading = isLoading ? "true" : "false"; },
    toast: {
      show(message, options) {
        toasts.push({ message, isError: Boolean(options && options.isError) });
        const item = document.createElement("div");
        item.className = "e2e-toast";
        item.textContent = message;
        item.style.cssText = "background:" + (options && options.isError ? "#8e1f0b" : "#303030") + ";color:#fff;padding:8px 16px;border-radius:8px;margin-top:4px";
        toastRegion().appendChild(item);
        setTimeout(() => item.remove(), (options && options.duration) || 5000);
        return String(toasts.length);
      },
      hide() {},
    },
  };
  window.__e2eToasts = toasts;
  customElements.define("ui-nav-menu", class extends HTMLElement {
    connectedCallback() { this.style.display = "none"; }
  });
  window.__e2eAdminNavigate = (href) => {
    const link = [...document.querySelectorAll("ui-nav-menu a")].find((a) => a.getAttribute("href") === href);
    if (!link) throw new Error("no nav menu link to " + href);
    link.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true }));
  };
})();
`;
