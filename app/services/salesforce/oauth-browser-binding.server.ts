// The cookie that binds a Salesforce authorization to the browser (and so the admin session) that started
// it. Set by /auth/salesforce/start — a top-level page of the app, so it is a first-party cookie even though
// the admin runs the app in an iframe — and read by the callback, which Salesforce also opens top-level.

export const BINDING_COOKIE = "sfsync_salesforce_oauth";
const PATH = "/auth/salesforce";

export function bindingCookie(binding: string, secure: boolean): string {
  return `${BINDING_COOKIE}=${binding}; Path=${PATH}; Max-Age=600; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function clearedBindingCookie(secure: boolean): string {
  return `${BINDING_COOKIE}=; Path=${PATH}; Max-Age=0; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function bindingFrom(request: Request): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === BINDING_COOKIE) return value.join("=") || undefined;
  }
  return undefined;
}
