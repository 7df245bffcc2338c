import { buildSchema } from "graphql";

// The part of Shopify's Admin GraphQL schema (2026-10) the app reads, with Shopify's type and field names.
// Queries that ask for anything else fail validation, as they would against a schema without that field.
export const ADMIN_SDL = /* GraphQL */ `
  scalar DateTime
  scalar Decimal
  scalar UnsignedInt64
  scalar URL

  interface Node { id: ID! }

  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }

  enum CurrencyCode { USD CAD EUR GBP JPY AUD CHF SEK NOK DKK }
  type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
  type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }

  enum CustomerSortKeys { CREATED_AT ID LOCATION NAME RELEVANCE UPDATED_AT }
  enum OrderSortKeys { CREATED_AT CUSTOMER_NAME ID NUMBER PROCESSED_AT RELEVANCE TOTAL_PRICE UPDATED_AT }
  enum CustomerState { DECLINED DISABLED ENABLED INVITED }
  enum OrderDisplayFinancialStatus { AUTHORIZED EXPIRED PAID PARTIALLY_PAID PARTIALLY_REFUNDED PENDING REFUNDED VOIDED }
  enum OrderDisplayFulfillmentStatus { FULFILLED IN_PROGRESS ON_HOLD OPEN PARTIALLY_FULFILLED PENDING_FULFILLMENT RESTOCKED SCHEDULED UNFULFILLED }
  enum OrderTransactionKind { AUTHORIZATION CAPTURE CHANGE EMV_AUTHORIZATION REFUND SALE SUGGESTED_REFUND VOID }
  enum OrderTransactionStatus { AWAITING_RESPONSE ERROR FAILURE PENDING SUCCESS UNKNOWN }
  enum RefundLineItemRestockType { CANCEL LEGACY_RESTOCK NO_RESTOCK RETURN }
  enum BulkOperationStatus { CANCELED CANCELING COMPLETED CREATED EXPIRED FAILED RUNNING }
  enum BulkOperationErrorCode { ACCESS_DENIED INTERNAL_SERVER_ERROR TIMEOUT }
  enum BulkOperationType { MUTATION QUERY }
  enum BulkOperationUserErrorCode { INVALID OPERATION_IN_PROGRESS LIMIT_REACHED NO_SUCH_FILE }

  type MailingAddress implements Node {
    id: ID!
    firstName: String lastName: String name: String company: String
    address1: String address2: String city: String province: String provinceCode: String
    country: String countryCodeV2: String zip: String phone: String
  }

  enum CustomerEmailAddressMarketingState { INVALID NOT_SUBSCRIBED PENDING SUBSCRIBED UNSUBSCRIBED }
  type CustomerEmailAddress { emailAddress: String! marketingState: CustomerEmailAddressMarketingState! }
  type CustomerPhoneNumber { phoneNumber: String! }

  type Customer implements Node {
    id: ID!
    legacyResourceId: UnsignedInt64!
    firstName: String
    lastName: String
    displayName: String!
    email: String
    defaultEmailAddress: CustomerEmailAddress
    phone: String
    defaultPhoneNumber: CustomerPhoneNumber
    createdAt: DateTime!
    updatedAt: DateTime!
    state: CustomerState!
    note: String
    verifiedEmail: Boolean!
    taxExempt: Boolean!
    tags: [String!]!
    numberOfOrders: UnsignedInt64!
    amountSpent: MoneyV2!
    defaultAddress: MailingAddress
    addresses(first: Int): [MailingAddress!]!
    metafield(namespace: String, key: String!): Metafield
  }
  type CustomerEdge { cursor: String! node: Customer! }
  type CustomerConnection { edges: [CustomerEdge!]! nodes: [Customer!]! pageInfo: PageInfo! }

  type TaxLine { title: String! rate: Float ratePercentage: Float priceSet: MoneyBag! channelLiable: Boolean }
  type DiscountAllocation { allocatedAmountSet: MoneyBag! }
  type ProductVariant implements Node { id: ID! legacyResourceId: UnsignedInt64! title: String! sku: String }
  type Product implements Node { id: ID! legacyResourceId: UnsignedInt64! title: String! }

  type LineItem implements Node {
    id: ID!
    name: String!
    title: String!
    variantTitle: String
    sku: String
    vendor: String
    quantity: Int!
    currentQuantity: Int!
    taxable: Boolean!
    requiresShipping: Boolean!
    variant: ProductVariant
    product: Product
    originalUnitPriceSet: MoneyBag!
    discountedUnitPriceSet: MoneyBag!
    originalTotalSet: MoneyBag!
    discountedTotalSet: MoneyBag!
    totalDiscountSet: MoneyBag!
    taxLines(first: Int): [TaxLine!]!
    discountAllocations: [DiscountAllocation!]!
  }
  type LineItemEdge { cursor: String! node: LineItem! }
  type LineItemConnection { edges: [LineItemEdge!]! nodes: [LineItem!]! pageInfo: PageInfo! }

  interface DiscountApplication { allocationMethod: String! targetSelection: String! targetType: String! value: PricingValue! }
  type PricingPercentageValue { percentage: Float! }
  union PricingValue = MoneyV2 | PricingPercentageValue
  type DiscountCodeApplication implements DiscountApplication { allocationMethod: String! targetSelection: String! targetType: String! value: PricingValue! code: String! }
  type DiscountApplicationEdge { cursor: String! node: DiscountApplication! }
  type DiscountApplicationConnection { edges: [DiscountApplicationEdge!]! nodes: [DiscountApplication!]! pageInfo: PageInfo! }

  type ShippingLine {
    id: ID
    title: String!
    code: String
    source: String
    originalPriceSet: MoneyBag!
    discountedPriceSet: MoneyBag!
    currentDiscountedPriceSet: MoneyBag!
    isRemoved: Boolean!
    taxLines: [TaxLine!]!
    discountAllocations: [DiscountAllocation!]!
  }
  type ShippingLineEdge { cursor: String! node: ShippingLine! }
  type ShippingLineConnection { edges: [ShippingLineEdge!]! nodes: [ShippingLine!]! pageInfo: PageInfo! }

  type OrderTransaction implements Node {
    id: ID!
    kind: OrderTransactionKind!
    status: OrderTransactionStatus!
    gateway: String
    test: Boolean!
    amountSet: MoneyBag!
    createdAt: DateTime!
    processedAt: DateTime
    parentTransaction: OrderTransaction
  }
  type OrderTransactionEdge { cursor: String! node: OrderTransaction! }
  type OrderTransactionConnection { edges: [OrderTransactionEdge!]! nodes: [OrderTransaction!]! pageInfo: PageInfo! }

  type RefundLineItem {
    id: ID
    lineItem: LineItem!
    quantity: Int!
    restockType: RefundLineItemRestockType!
    restocked: Boolean!
    priceSet: MoneyBag!
    subtotalSet: MoneyBag!
    totalTaxSet: MoneyBag!
  }
  type RefundLineItemEdge { cursor: String! node: RefundLineItem! }
  type RefundLineItemConnection { edges: [RefundLineItemEdge!]! nodes: [RefundLineItem!]! pageInfo: PageInfo! }

  type Refund implements Node {
    id: ID!
    legacyResourceId: UnsignedInt64!
    note: String
    createdAt: DateTime
    updatedAt: DateTime!
    totalRefundedSet: MoneyBag!
    refundLineItems(first: Int, after: String): RefundLineItemConnection!
    transactions(first: Int, after: String): OrderTransactionConnection!
  }

  type Order implements Node {
    id: ID!
    legacyResourceId: UnsignedInt64!
    name: String!
    email: String
    phone: String
    note: String
    tags: [String!]!
    test: Boolean!
    createdAt: DateTime!
    updatedAt: DateTime!
    processedAt: DateTime!
    cancelledAt: DateTime
    cancelReason: String
    closedAt: DateTime
    currencyCode: CurrencyCode!
    presentmentCurrencyCode: CurrencyCode!
    displayFinancialStatus: OrderDisplayFinancialStatus
    displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
    taxesIncluded: Boolean!
    discountCodes: [String!]!
    customer: Customer
    billingAddress: MailingAddress
    shippingAddress: MailingAddress
    subtotalLineItemsQuantity: Int!
    totalPriceSet: MoneyBag!
    subtotalPriceSet: MoneyBag
    totalDiscountsSet: MoneyBag
    totalShippingPriceSet: MoneyBag!
    totalTaxSet: MoneyBag
    totalRefundedSet: MoneyBag!
    totalOutstandingSet: MoneyBag!
    currentTotalPriceSet: MoneyBag!
    currentSubtotalPriceSet: MoneyBag!
    currentTotalDiscountsSet: MoneyBag!
    currentShippingPriceSet: MoneyBag!
    currentTotalTaxSet: MoneyBag!
    originalTotalDutiesSet: MoneyBag
    currentTotalDutiesSet: MoneyBag
    originalTotalAdditionalFeesSet: MoneyBag
    currentTotalAdditionalFeesSet: MoneyBag
    taxLines: [TaxLine!]!
    lineItems(first: Int, after: String, last: Int, before: String): LineItemConnection!
    shippingLines(first: Int, after: String, includeRemovals: Boolean): ShippingLineConnection!
    discountApplications(first: Int, after: String): DiscountApplicationConnection!
    refunds(first: Int): [Refund!]!
    transactions(first: Int): [OrderTransaction!]!
  }
  type OrderEdge { cursor: String! node: Order! }
  type OrderConnection { edges: [OrderEdge!]! nodes: [Order!]! pageInfo: PageInfo! }

  type Shop { id: ID! name: String! myshopifyDomain: String! currencyCode: CurrencyCode! ianaTimezone: String! }

  type Count { count: Int! precision: String! }

  type BulkOperation implements Node {
    id: ID!
    status: BulkOperationStatus!
    errorCode: BulkOperationErrorCode
    createdAt: DateTime!
    completedAt: DateTime
    objectCount: UnsignedInt64!
    rootObjectCount: UnsignedInt64!
    fileSize: UnsignedInt64
    url: URL
    partialDataUrl: URL
    query: String!
    type: BulkOperationType!
  }
  type BulkOperationUserError { field: [String!] message: String! code: BulkOperationUserErrorCode }
  type BulkOperationRunQueryPayload { bulkOperation: BulkOperation userErrors: [BulkOperationUserError!]! }
  type BulkOperationCancelPayload { bulkOperation: BulkOperation userErrors: [BulkOperationUserError!]! }

  type QueryRoot {
    shop: Shop!
    customers(first: Int, after: String, last: Int, before: String, query: String, sortKey: CustomerSortKeys, reverse: Boolean): CustomerConnection!
    customer(id: ID!): Customer
    customersCount(query: String, limit: Int): Count
    orders(first: Int, after: String, last: Int, before: String, query: String, sortKey: OrderSortKeys, reverse: Boolean): OrderConnection!
    order(id: ID!): Order
    ordersCount(query: String, limit: Int): Count
    node(id: ID!): Node
    nodes(ids: [ID!]!): [Node]!
    currentBulkOperation(type: BulkOperationType): BulkOperation
    bulkOperation(id: ID!): BulkOperation
  }
  type Mutation {
    bulkOperationRunQuery(query: String!, groupObjects: Boolean): BulkOperationRunQueryPayload
    bulkOperationCancel(id: ID!): BulkOperationCancelPayload
    customerUpdate(input: CustomerInput!): CustomerUpdatePayload
    metafieldsSet(metafields: [MetafieldsSetInput!]!): MetafieldsSetPayload
    tagsAdd(id: ID!, tags: [String!]!): TagsAddPayload
    tagsRemove(id: ID!, tags: [String!]!): TagsRemovePayload
    metafieldsDelete(metafields: [MetafieldIdentifierInput!]!): MetafieldsDeletePayload
    customerEmailMarketingConsentUpdate(input: CustomerEmailMarketingConsentUpdateInput!): CustomerEmailMarketingConsentUpdatePayload
  }
  # Two-way sync writes (see customer-mutations.ts).
  type Metafield implements Node { id: ID! namespace: String! key: String! value: String! type: String! updatedAt: DateTime! compareDigest: String! }
  type UserError { field: [String!] message: String! }
  enum MetafieldsSetUserErrorCode { APP_NOT_AUTHORIZED BLANK CAPABILITY_VIOLATION INCLUSION INTERNAL_ERROR INVALID INVALID_COMPARE_DIGEST INVALID_TYPE INVALID_VALUE LESS_THAN_OR_EQUAL_TO PRESENT STALE_OBJECT TAKEN TOO_LONG TOO_SHORT }
  type MetafieldsSetUserError { field: [String!] message: String! code: MetafieldsSetUserErrorCode elementIndex: Int }
  input CustomerInput { id: ID firstName: String lastName: String email: String phone: String note: String tags: [String!] }
  input MetafieldsSetInput { ownerId: ID! namespace: String key: String! value: String! type: String compareDigest: String }
  type CustomerUpdatePayload { customer: Customer userErrors: [UserError!]! }
  type MetafieldsSetPayload { metafields: [Metafield!] userErrors: [MetafieldsSetUserError!]! }
  type TagsAddPayload { node: Node userErrors: [UserError!]! }
  type TagsRemovePayload { node: Node userErrors: [UserError!]! }
  input MetafieldIdentifierInput { ownerId: ID! namespace: String! key: String! }
  type MetafieldIdentifier { ownerId: ID! namespace: String! key: String! }
  type MetafieldsDeletePayload { deletedMetafields: [MetafieldIdentifier] userErrors: [UserError!]! }
  enum CustomerEmailMarketingState { INVALID NOT_SUBSCRIBED PENDING REDACTED SUBSCRIBED UNSUBSCRIBED }
  enum CustomerMarketingOptInLevel { CONFIRMED_OPT_IN SINGLE_OPT_IN UNKNOWN }
  input CustomerEmailMarketingConsentInput { marketingState: CustomerEmailMarketingState! marketingOptInLevel: CustomerMarketingOptInLevel consentUpdatedAt: DateTime sourceLocationId: ID }
  input CustomerEmailMarketingConsentUpdateInput { customerId: ID! emailMarketingConsent: CustomerEmailMarketingConsentInput! }
  enum CustomerEmailMarketingConsentUpdateUserErrorCode { INCLUSION INTERNAL_ERROR INVALID MISSING_ARGUMENT }
  type CustomerEmailMarketingConsentUpdateUserError { field: [String!] message: String! code: CustomerEmailMarketingConsentUpdateUserErrorCode }
  type CustomerEmailMarketingConsentUpdatePayload { customer: Customer userErrors: [CustomerEmailMarketingConsentUpdateUserError!]! }
  schema { query: QueryRoot mutation: Mutation }
`;

export const adminSchema = buildSchema(ADMIN_SDL);
