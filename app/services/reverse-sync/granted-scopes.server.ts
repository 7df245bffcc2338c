import type { PrismaClient } from "@prisma/client";
import type pg from "pg";
import type { DocumentIssue } from "../../sync/issue-path";
import type { MappingDocument } from "../../sync/mapping-schema";
import { flowsToShopify } from "../../sync/reverse/field-direction";
import { missingScopes, missingScopesMessage, parseGrantedScopes, REVERSE_WRITE_SCOPE, requiredShopifyScopes } from "../../sync/reverse/required-scopes";

// The scopes a shop granted are on its offline session (Shopify's session storage keeps them as
// `scope`). null: no offline session is stored (not installed through OAuth / token exchange yet).

const OFFLINE_SESSION = (shop: string) => `offline_${shop}`;

export async function grantedScopes(prisma: PrismaClient, shop: string): Promise<Set<string> | null> {
  const session = await prisma.session.findUnique({ where: { id: OFFLINE_SESSION(shop) }, select: { scope: true } });
  return session ? parseGrantedScopes(session.scope) : null;
}

export async function grantedScopesFromPool(pool: pg.Pool, shop: string): Promise<Set<string> | null> {
  const { rows } = await pool.query<{ scope: string | null }>(`SELECT scope FROM "Session" WHERE id = $1`, [OFFLINE_SESSION(shop)]);
  return rows[0] ? parseGrantedScopes(rows[0].scope) : null;
}

/** One issue per row that writes to Shopify when the granted scopes lack what those rows need (the save is refused). */
export function scopeIssues(document: MappingDocument, granted: ReadonlySet<string> | null): DocumentIssue[] {
  if (granted === null) return [];
  const missing = missingScopes(requiredShopifyScopes(document), granted);
  if (missing.length === 0) return [];
  const message = missingScopesMessage(missing);
  const issues: DocumentIssue[] = [];
  document.targets.forEach((target, t) => {
    target.fields.forEach((field, f) => {
      if (flowsToShopify(field)) issues.push({ path: `targets[${t}].fields[${f}].direction`, message });
    });
  });
  return issues;
}

/** The poll's skip reason when the shop's offline session lacks the write scope (null: granted, or no session stored). */
export async function missingWriteScope(pool: pg.Pool, shop: string): Promise<string | null> {
  const granted = await grantedScopesFromPool(pool, shop);
  if (granted === null) return null;
  const missing = missingScopes([REVERSE_WRITE_SCOPE], granted);
  return missing.length > 0 ? missingScopesMessage(missing) : null;
}
