import { useNavigation } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useCallback, useEffect } from "react";

// App Bridge owns the admin's chrome: toasts and the loading bar appear in the Shopify admin, not in
// our iframe. Both hooks are no-ops until App Bridge is there (server render, or a failed script).

export function useToast(): (message: string, options?: { isError?: boolean }) => void {
  const shopify = useAppBridge();
  return useCallback((message, options) => void shopify?.toast?.show(message, { isError: options?.isError ?? false }), [shopify]);
}

/** Shows the admin's loading bar while Remix loads the next page's data or submits a form. */
export function useAdminLoadingBar(): void {
  const shopify = useAppBridge();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  useEffect(() => {
    if (typeof window !== "undefined" && window.shopify) shopify.loading(busy);
  }, [busy, shopify]);
}
