// The money-bearing parts of an order payload (webhook or rebuilt from GraphQL), normalised so two
// payloads of the same order compare equal when they carry the same money: amounts as cents per bag,
// ids as strings, timestamps as instants. Used to prove the GraphQL → webhook converter complete.

type Json = Record<string, unknown>;
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const cents = (value: unknown) => (value === null || value === undefined || value === "" ? null : Math.round(Number(value) * 100));
const bag = (set: unknown) => {
  const value = set as { shop_money?: { amount: unknown; currency_code: unknown }; presentment_money?: { amount: unknown; currency_code: unknown } } | null | undefined;
  if (!value) return null;
  return { shop: [cents(value.shop_money?.amount), value.shop_money?.currency_code], presentment: [cents(value.presentment_money?.amount), value.presentment_money?.currency_code] };
};
const instant = (value: unknown) => (value ? new Date(String(value)).toISOString() : null);
const taxLines = (value: unknown) => list(value).map((tax) => ({ title: tax.title, rate: Number(tax.rate), price: cents(tax.price), price_set: bag(tax.price_set) }));
const allocations = (value: unknown) => list(value).map((entry) => ({ amount: cents(entry.amount), amount_set: bag(entry.amount_set) }));

export function orderMoneyView(order: Json) {
  return {
    taxes_included: Boolean(order.taxes_included),
    current_shipping_price_set: bag(order.current_shipping_price_set),
    total_shipping_price_set: bag(order.total_shipping_price_set),
    current_total_duties_set: bag(order.current_total_duties_set),
    current_total_additional_fees_set: bag(order.current_total_additional_fees_set),
    tax_lines: taxLines(order.tax_lines),
    discount_codes: list(order.discount_codes).map((code) => code.code),
    discount_applications: list(order.discount_applications).map((application) => ({
      type: application.type,
      value: Number(application.value),
      value_type: application.value_type,
      allocation_method: application.allocation_method,
      target_selection: application.target_selection,
      target_type: application.target_type,
      code: application.code ?? null,
    })),
    shipping_lines: list(order.shipping_lines).map((line) => ({
      id: String(line.id),
      title: line.title,
      code: line.code,
      price: cents(line.price),
      price_set: bag(line.price_set),
      discounted_price: cents(line.discounted_price),
      discounted_price_set: bag(line.discounted_price_set),
      current_discounted_price_set: bag(line.current_discounted_price_set),
      is_removed: Boolean(line.is_removed),
      tax_lines: taxLines(line.tax_lines),
      discount_allocations: allocations(line.discount_allocations),
    })),
    line_items: list(order.line_items).map((line) => ({
      id: String(line.id),
      quantity: line.quantity,
      current_quantity: line.current_quantity,
      price_set: bag(line.price_set),
      tax_lines: taxLines(line.tax_lines),
      discount_allocations: allocations(line.discount_allocations),
    })),
    refunds: list(order.refunds).map((refund) => ({
      id: String(refund.id),
      order_id: String(refund.order_id),
      created_at: instant(refund.created_at),
      note: refund.note ?? null,
      refund_line_items: list(refund.refund_line_items).map((line) => ({
        id: String(line.id),
        line_item_id: String(line.line_item_id),
        quantity: line.quantity,
        restock_type: line.restock_type,
        subtotal: cents(line.subtotal),
        subtotal_set: bag(line.subtotal_set),
        total_tax: cents(line.total_tax),
        total_tax_set: bag(line.total_tax_set),
        line_item_name: (line.line_item as Json | undefined)?.name ?? null,
      })),
      transactions: list(refund.transactions).map((transaction) => ({
        id: String(transaction.id),
        kind: transaction.kind,
        status: transaction.status,
        amount: cents(transaction.amount),
        currency: transaction.currency ?? null,
        gateway: transaction.gateway ?? null,
        parent_id: transaction.parent_id == null ? null : String(transaction.parent_id),
      })),
    })),
  };
}
