// The standard price book id is now one of the per-org mapping context values (see org-context.server.ts).
export { orgMappingContext as standardPricebookContext } from "./org-context.server";
