import type { DescribeSObject } from "./describe-types";
import { field, ownerField, sobject, systemFields } from "./field-builder";

// No public recording of these describes exists (see fixtures SOURCES.md), so they are authored
// from the Salesforce object reference: same names, types, lengths, key prefixes and
// createable/updateable/required flags as a Sales Cloud org.

const readOnly = { createable: false, updateable: false } as const;
const createOnly = { updateable: false } as const;

function address(prefix: string, label: string) {
  return [
    field({ name: `${prefix}Street`, type: "textarea", label: `${label} Street`, length: 255 }),
    field({ name: `${prefix}City`, type: "string", label: `${label} City`, length: 40 }),
    field({ name: `${prefix}State`, type: "string", label: `${label} State/Province`, length: 80 }),
    field({ name: `${prefix}PostalCode`, type: "string", label: `${label} Zip/Postal Code`, length: 20 }),
    field({ name: `${prefix}Country`, type: "string", label: `${label} Country`, length: 80 }),
    field({ name: `${prefix}Address`, type: "address", label: `${label} Address`, ...readOnly }),
  ];
}

export function product2(): DescribeSObject {
  const sys = systemFields("Product");
  return sobject({
    name: "Product2",
    label: "Product",
    labelPlural: "Products",
    keyPrefix: "01t",
    fields: [
      ...sys.head,
      field({ name: "Name", type: "string", label: "Product Name", nillable: false, nameField: true, idLookup: true }),
      field({ name: "ProductCode", type: "string", label: "Product Code" }),
      field({ name: "Description", type: "textarea", label: "Product Description", length: 4000 }),
      field({ name: "IsActive", type: "boolean", label: "Active", nillable: false, defaultedOnCreate: true }),
      field({
        name: "Family",
        type: "picklist",
        label: "Product Family",
        length: 40,
        picklist: ["None", "Apparel", "Accessories", "Home", "Other"],
      }),
      field({ name: "StockKeepingUnit", type: "string", label: "Product SKU", length: 180 }),
      field({ name: "QuantityUnitOfMeasure", type: "picklist", label: "Quantity Unit Of Measure", picklist: ["Each"] }),
      field({ name: "IsArchived", type: "boolean", label: "Archived", nillable: false, defaultedOnCreate: true, ...readOnly }),
      ...sys.audit,
    ],
  });
}

export function pricebook2(): DescribeSObject {
  const sys = systemFields("Price Book");
  return sobject({
    name: "Pricebook2",
    label: "Price Book",
    labelPlural: "Price Books",
    keyPrefix: "01s",
    fields: [
      ...sys.head,
      field({ name: "Name", type: "string", label: "Price Book Name", nillable: false, nameField: true, idLookup: true }),
      field({ name: "IsActive", type: "boolean", label: "Active", nillable: false, defaultedOnCreate: true }),
      field({ name: "IsArchived", type: "boolean", label: "Archived", nillable: false, defaultedOnCreate: true, ...readOnly }),
      field({ name: "Description", type: "string", label: "Description" }),
      field({ name: "IsStandard", type: "boolean", label: "Is Standard Price Book", nillable: false, defaultedOnCreate: true, ...readOnly }),
      ...sys.audit,
    ],
  });
}

export function pricebookEntry(): DescribeSObject {
  const sys = systemFields("Price Book Entry");
  return sobject({
    name: "PricebookEntry",
    label: "Price Book Entry",
    labelPlural: "Price Book Entries",
    keyPrefix: "01u",
    fields: [
      ...sys.head,
      field({ name: "Name", type: "string", label: "Product Name", nameField: true, ...readOnly }),
      field({
        name: "Pricebook2Id",
        type: "reference",
        label: "Price Book ID",
        referenceTo: ["Pricebook2"],
        relationshipName: "Pricebook2",
        nillable: false,
        ...createOnly,
      }),
      field({
        name: "Product2Id",
        type: "reference",
        label: "Product ID",
        referenceTo: ["Product2"],
        relationshipName: "Product2",
        nillable: false,
        cascadeDelete: true,
        ...createOnly,
      }),
      field({ name: "UnitPrice", type: "currency", label: "List Price", nillable: false }),
      field({ name: "IsActive", type: "boolean", label: "Active", nillable: false, defaultedOnCreate: true }),
      field({ name: "UseStandardPrice", type: "boolean", label: "Use Standard Price", nillable: false, defaultedOnCreate: true }),
      field({ name: "ProductCode", type: "string", label: "Product Code", ...readOnly }),
      field({ name: "IsArchived", type: "boolean", label: "Archived", nillable: false, defaultedOnCreate: true, ...readOnly }),
      ...sys.audit,
    ],
  });
}

export function order(): DescribeSObject {
  const sys = systemFields("Order");
  return sobject({
    name: "Order",
    label: "Order",
    labelPlural: "Orders",
    keyPrefix: "801",
    fields: [
      ...sys.head,
      ownerField(),
      field({
        name: "AccountId",
        type: "reference",
        label: "Account ID",
        referenceTo: ["Account"],
        relationshipName: "Account",
        nillable: false,
      }),
      field({
        name: "Pricebook2Id",
        type: "reference",
        label: "Price Book ID",
        referenceTo: ["Pricebook2"],
        relationshipName: "Pricebook2",
      }),
      field({ name: "EffectiveDate", type: "date", label: "Order Start Date", nillable: false }),
      field({ name: "EndDate", type: "date", label: "Order End Date" }),
      field({ name: "IsReductionOrder", type: "boolean", label: "Reduction Order", nillable: false, defaultedOnCreate: true, ...createOnly }),
      field({
        name: "Status",
        type: "picklist",
        label: "Status",
        length: 40,
        nillable: false,
        defaultedOnCreate: true,
        restrictedPicklist: true,
        picklist: [{ value: "Draft", default: true }, "Activated"],
      }),
      field({ name: "Description", type: "textarea", label: "Description", length: 32000 }),
      field({
        name: "StatusCode",
        type: "picklist",
        label: "Status Category",
        length: 40,
        nillable: false,
        defaultedOnCreate: true,
        restrictedPicklist: true,
        picklist: ["Draft", "Activated", "Canceled", "Expired"],
        ...readOnly,
      }),
      field({ name: "OrderNumber", type: "string", label: "Order Number", length: 30, nillable: false, autoNumber: true, defaultedOnCreate: true, nameField: true, idLookup: true, ...readOnly }),
      field({ name: "TotalAmount", type: "currency", label: "Order Amount", calculated: true, nillable: false, ...readOnly }),
      ...address("Billing", "Billing"),
      ...address("Shipping", "Shipping"),
      field({ name: "Name", type: "string", label: "Order Name", length: 80 }),
      field({ name: "PoNumber", type: "string", label: "PO Number", length: 80 }),
      field({ name: "OrderReferenceNumber", type: "string", label: "Order Reference Number", length: 80 }),
      field({ name: "Type", type: "picklist", label: "Order Type", picklist: ["New", "Renewal", "Upgrade"] }),
      field({ name: "ActivatedDate", type: "datetime", label: "Activated Date", ...readOnly }),
      ...sys.audit,
    ],
  });
}

export function orderItem(): DescribeSObject {
  const sys = systemFields("Order Product");
  return sobject({
    name: "OrderItem",
    label: "Order Product",
    labelPlural: "Order Products",
    keyPrefix: "802",
    fields: [
      ...sys.head,
      field({ name: "Product2Id", type: "reference", label: "Product ID", referenceTo: ["Product2"], relationshipName: "Product2", ...createOnly }),
      field({
        name: "OrderId",
        type: "reference",
        label: "Order ID",
        referenceTo: ["Order"],
        relationshipName: "Order",
        nillable: false,
        cascadeDelete: true,
        ...createOnly,
      }),
      field({
        name: "PricebookEntryId",
        type: "reference",
        label: "Price Book Entry ID",
        referenceTo: ["PricebookEntry"],
        relationshipName: "PricebookEntry",
        nillable: false,
        ...createOnly,
      }),
      field({ name: "Quantity", type: "double", label: "Quantity", nillable: false, precision: 18, scale: 2 }),
      field({ name: "UnitPrice", type: "currency", label: "Unit Price", nillable: false }),
      field({ name: "ListPrice", type: "currency", label: "List Price", ...readOnly }),
      field({ name: "TotalPrice", type: "currency", label: "Total Price", calculated: true, ...readOnly }),
      field({ name: "ServiceDate", type: "date", label: "Start Date" }),
      field({ name: "EndDate", type: "date", label: "End Date" }),
      field({ name: "Description", type: "string", label: "Line Description" }),
      field({ name: "OrderItemNumber", type: "string", label: "Order Product Number", length: 10, autoNumber: true, nillable: false, defaultedOnCreate: true, nameField: true, ...readOnly }),
      ...sys.audit,
    ],
  });
}

export function opportunityLineItem(): DescribeSObject {
  const sys = systemFields("Line Item");
  return sobject({
    name: "OpportunityLineItem",
    label: "Opportunity Product",
    labelPlural: "Opportunity Product",
    keyPrefix: "00k",
    fields: [
      ...sys.head,
      field({
        name: "OpportunityId",
        type: "reference",
        label: "Opportunity ID",
        referenceTo: ["Opportunity"],
        relationshipName: "Opportunity",
        nillable: false,
        cascadeDelete: true,
        ...createOnly,
      }),
      field({ name: "SortOrder", type: "int", label: "Sort Order", digits: 9 }),
      field({
        name: "PricebookEntryId",
        type: "reference",
        label: "Price Book Entry ID",
        referenceTo: ["PricebookEntry"],
        relationshipName: "PricebookEntry",
        ...createOnly,
      }),
      field({ name: "Product2Id", type: "reference", label: "Product ID", referenceTo: ["Product2"], relationshipName: "Product2", ...createOnly }),
      field({ name: "ProductCode", type: "string", label: "Product Code", ...readOnly }),
      field({ name: "Name", type: "string", label: "Opportunity Product Name", length: 376, nameField: true, ...readOnly }),
      field({ name: "Quantity", type: "double", label: "Quantity", nillable: false, precision: 12, scale: 2 }),
      field({ name: "TotalPrice", type: "currency", label: "Total Price" }),
      field({ name: "UnitPrice", type: "currency", label: "Sales Price" }),
      field({ name: "ListPrice", type: "currency", label: "List Price", ...readOnly }),
      // Field Reference: Discount is a percent (precision 5, scale 2); Subtotal = Quantity × UnitPrice, read-only.
      field({ name: "Discount", type: "percent", label: "Discount", precision: 5, scale: 2 }),
      field({ name: "Subtotal", type: "currency", label: "Subtotal", calculated: true, ...readOnly }),
      field({ name: "ServiceDate", type: "date", label: "Date" }),
      field({ name: "Description", type: "string", label: "Line Description" }),
      ...sys.audit,
    ],
  });
}
