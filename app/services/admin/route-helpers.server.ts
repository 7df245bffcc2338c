import type { z } from "zod";
import { authenticate } from "../../shopify.server";

// What every admin route does first: Shopify's authenticate.admin (session token → the offline session of
// the token's shop), then only ever that shop. Ids from the URL are looked up *with* the shop, so another
// shop's id is simply not found.

export interface AdminRequestContext {
  shop: string;
  /** Who is acting (the session token's user), recorded on saved versions. */
  user: string | null;
  /** Shopify's redirect: keeps the embedded query (shop, host, id_token) on document requests. */
  redirect(url: string): Response;
}

export async function requireAdmin(request: Request): Promise<AdminRequestContext> {
  const { session, sessionToken, redirect } = await authenticate.admin(request);
  return { shop: session.shop, user: sessionToken?.sub ? `user:${sessionToken.sub}` : null, redirect: (url) => redirect(url) };
}

export function notFound(): never {
  throw new Response(null, { status: 404, statusText: "Not Found" });
}

/** A form post parsed with zod; malformed input is a 400 (the pages never send it). */
export async function parseForm<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("That request was not understood.", { status: 400 });
  return parsed.data;
}

/** URL search params parsed with zod; unknown or malformed filters are dropped, not errors. */
export function parseSearch<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const entries = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(entries);
  return parsed.success ? parsed.data : schema.parse({});
}
