import { webhookAction, webhookLoader } from "../webhook-route.server";

export const action = webhookAction("customers/data_request");
export const loader = webhookLoader;
