// JSONata shared by the default mappings. Shopify sends null for absent names, and JSONata's `&`
// would print "null", so names are built from the non-blank parts only.

/** Company, else "First Last", else email, else "Shopify customer <id>"; evaluated on a customer object. */
export const CUSTOMER_DISPLAY_NAME =
  "( $full := $join([first_name, last_name][$type($) = 'string' and $trim($) != ''].$trim($), ' '); " +
  "$company := default_address.company; " +
  "$type($company) = 'string' and $trim($company) != '' ? $trim($company) : " +
  "$full != '' ? $full : $type(email) = 'string' and email != '' ? email : 'Shopify customer ' & id )";

/**
 * Salesforce requires Contact.LastName (and a person account's LastName). Customers who only left an
 * email get its local part, so the record is still recognisable; with nothing at all, "(none)".
 */
export const CUSTOMER_LAST_NAME =
  "( $ln := $type(last_name) = 'string' ? $trim(last_name) : ''; $ln != '' ? $ln : " +
  "($type(email) = 'string' and $contains(email, '@') ? $substringBefore(email, '@') : '(none)') )";

export const CUSTOMER_PHONE = "( $type(phone) = 'string' and $trim(phone) != '' ) ? phone : default_address.phone";

/**
 * Product2 / PricebookEntry external id for a line. Variant id when there is one; custom items (no
 * variant) fall back to "product-<product_id>", and items with neither (custom sale lines) to
 * "line-<line id>", which creates a product per such line but never merges unrelated items.
 */
export const LINE_PRODUCT_KEY =
  "$item.variant_id ? $string($item.variant_id) : $item.product_id ? 'product-' & $item.product_id : 'line-' & $item.id";

/** Variant lines are named "Product - Variant" by Shopify; product-level keys use the product title. */
export const LINE_PRODUCT_NAME = "$item.variant_id and $item.name ? $item.name : $item.title ? $item.title : $item.name";

/** Orders without processed_at (drafts imported by apps) close on their creation date. */
export const ORDER_CLOSE_DATE = "processed_at ? processed_at : created_at";
