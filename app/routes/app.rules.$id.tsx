import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Layout, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useEffect, useState } from "react";
import { z } from "zod";
import { useAdminLoadingBar, useToast } from "../components/admin/app-bridge";
import { IssuesBanner } from "../components/admin/issues-banner";
import { AdminErrorBoundary } from "../components/admin/route-error-boundary";
import { RuleFields } from "../components/rules/rule-fields";
import { RuleTestCard } from "../components/rules/rule-test-card";
import { admin } from "../services/admin/admin.server";
import { PAYLOAD_SOURCES } from "../services/admin/payload-source.server";
import { RESOURCE_PAGES } from "../services/admin/resource-pages";
import { formFromRuleRow, NEW_RULE_FORM, ruleFormEntries } from "../services/admin/rule-form";
import { RuleFormSchema } from "../services/admin/rule-form-schema";
import { notFound, parseForm, requireAdmin } from "../services/admin/route-helpers.server";
import { isSyncResource } from "../sync/sync-resource";

const RuleId = z.union([z.literal("new"), z.string().uuid()]);
const ActionInput = z.discriminatedUnion("intent", [
  RuleFormSchema.extend({ intent: z.literal("save") }),
  RuleFormSchema.extend({ intent: z.literal("test"), source: z.enum(PAYLOAD_SOURCES) }),
  z.object({ intent: z.literal("delete") }),
]);

function ruleIdOf(params: LoaderFunctionArgs["params"]): string {
  const id = RuleId.safeParse(params.id);
  return id.success ? id.data : notFound();
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const id = ruleIdOf(params);
  const [rule, recent] = await Promise.all([id === "new" ? null : admin.rules.get(shop, id), admin.rules.recentEvents(shop)]);
  if (id !== "new" && !rule) notFound();
  return { id, form: rule ? formFromRuleRow(rule) : NEW_RULE_FORM, recent };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, redirect } = await requireAdmin(request);
  const id = ruleIdOf(params);
  const input = await parseForm(request, ActionInput);
  if (input.intent === "delete") {
    if (id === "new" || !(await admin.rules.remove(shop, id))) notFound();
    return redirect("/app/rules");
  }
  if (input.intent === "test") return { intent: "test" as const, ...(await admin.rules.test(shop, input, input.source)) };
  const saved = id === "new" ? await admin.rules.create(shop, input) : await admin.rules.update(shop, id, input);
  if (!saved) notFound();
  if (saved.ok && id === "new") return redirect(`/app/rules/${saved.id}`);
  return { intent: "save" as const, ...saved };
};

export default function RulePage() {
  const { id, form, recent } = useLoaderData<typeof loader>();
  const [value, setValue] = useState(form);
  const save = useFetcher<typeof action>();
  const test = useFetcher<typeof action>();
  const remove = useFetcher();
  const toast = useToast();
  useAdminLoadingBar();

  const saveData = save.data && "intent" in save.data && save.data.intent === "save" ? save.data : undefined;
  const testData = test.data && "intent" in test.data && test.data.intent === "test" ? test.data : undefined;
  const issues = [...(saveData && !saveData.ok ? saveData.issues : []), ...(testData && !testData.ok ? testData.issues : [])];
  useEffect(() => {
    if (save.state === "idle" && saveData?.ok) toast("Rule saved");
  }, [save.state, saveData, toast]);

  const resource = isSyncResource(value.resource) ? value.resource : "customer";
  const isNew = id === "new";
  return (
    <Page
      title={isNew ? "New validation rule" : "Edit validation rule"}
      backAction={{ content: "Validation rules", url: "/app/rules" }}
      primaryAction={{ content: "Save", loading: save.state !== "idle", onAction: () => save.submit({ intent: "save", ...ruleFormEntries(value) }, { method: "post" }) }}
      secondaryActions={isNew ? [] : [{ content: "Delete", destructive: true, loading: remove.state !== "idle", onAction: () => remove.submit({ intent: "delete" }, { method: "post" }) }]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <IssuesBanner issues={issues} title={saveData && !saveData.ok ? "The rule was not saved" : "The rule is not valid"} />
            <Card>
              <RuleFields value={value} onChange={setValue} issues={issues} />
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <RuleTestCard
            recent={recent[resource]}
            noun={RESOURCE_PAGES[resource].noun}
            testing={test.state !== "idle"}
            result={testData}
            onTest={(source) => test.submit({ intent: "test", source, ...ruleFormEntries(value) }, { method: "post" })}
          />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorBoundary backUrl="/app/rules" what="rule" />;
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
