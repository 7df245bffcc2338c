import type { ActionFunctionArgs } from "@remix-run/node";
import type { WebhookTopic } from "./sync/webhook-topics";
import { getAppContext } from "./context.server";

/** The action of the route subscribed to `topic`: intake verifies, stores the event with its job, answers. */
export function webhookAction(topic: WebhookTopic) {
  return async ({ request }: ActionFunctionArgs) => (await getAppContext()).intake.handle(request, topic);
}

/** GET and friends: webhooks are delivered with POST only. */
export const webhookLoader = () =>
  new Response("Method Not Allowed: webhooks are delivered with POST", { status: 405, headers: { allow: "POST" } });
