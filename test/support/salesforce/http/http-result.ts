/** A plain HTTP answer for the endpoints outside the data API (OAuth, identity, control). */
export interface HttpResult {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export function jsonResult(status: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { status, headers: { "Content-Type": "application/json;charset=UTF-8", ...headers }, body: JSON.stringify(body) };
}

export function redirect(location: string): HttpResult {
  return { status: 302, headers: { Location: location }, body: "" };
}

export function html(status: number, body: string): HttpResult {
  return { status, headers: { "Content-Type": "text/html;charset=UTF-8" }, body };
}
