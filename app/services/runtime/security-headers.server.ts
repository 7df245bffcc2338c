import type { NextFunction, Request, Response } from "express";

/**
 * Headers on every response of the web server: no MIME sniffing, no full URLs (with the admin's
 * id_token or shop) leaking through Referer, and HSTS in production (Shopify requires TLS; browsers then
 * never try plain http). Framing is decided per page by entry.server.tsx.
 */
export function securityHeaders(options: { production: boolean }) {
  return (_request: Request, response: Response, next: NextFunction) => {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    if (options.production) response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}
