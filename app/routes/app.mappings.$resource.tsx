import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Layout, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { useAdminLoadingBar, useToast } from "../components/admin/app-bridge";
import { IssuesBanner } from "../components/admin/issues-banner";
import { AdminErrorBoundary } from "../components/admin/route-error-boundary";
import { MappingEditor } from "../components/mappings/mapping-editor";
import { PreviewCard } from "../components/mappings/preview-card";
import { VersionsCard } from "../components/mappings/versions-card";
import { admin } from "../services/admin/admin.server";
import { PAYLOAD_SOURCES } from "../services/admin/payload-source.server";
import { RESOURCE_PAGES, resourceFromSlug } from "../services/admin/resource-pages";
import { notFound, parseForm, requireAdmin } from "../services/admin/route-helpers.server";

const documentText = z.string().min(1).max(500_000);
const ActionInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), document: documentText }),
  z.object({ intent: z.literal("preview"), document: documentText, source: z.enum(PAYLOAD_SOURCES) }),
  z.object({ intent: z.literal("reset") }),
  z.object({ intent: z.literal("restore"), version: z.coerce.number().int().positive() }),
]);

function resourceOf(params: LoaderFunctionArgs["params"]) {
  return resourceFromSlug(params.resource) ?? notFound();
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return admin.mappings.editor(shop, resourceOf(params));
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, user } = await requireAdmin(request);
  const resource = resourceOf(params);
  const input = await parseForm(request, ActionInput);
  switch (input.intent) {
    case "save":
      return { intent: input.intent, ...(await admin.mappings.save(shop, resource, input.document, user)) };
    case "preview":
      return { intent: input.intent, ...(await admin.mappings.preview(shop, resource, input.document, input.source)) };
    case "reset":
      return { intent: input.intent, ...(await admin.mappings.resetToDefaults(shop, resource, user)) };
    case "restore":
      return { intent: input.intent, ...((await admin.mappings.restore(shop, resource, input.version, user)) ?? notFound()) };
  }
};

export default function MappingPage() {
  const view = useLoaderData<typeof loader>();
  // A saved version reloads the page's data: start the editor over from it.
  return <MappingScreen key={`${view.resource}:${view.version}`} view={view} />;
}

function MappingScreen({ view }: { view: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const page = RESOURCE_PAGES[view.resource];
  const [text, setText] = useState(view.documentText);
  const save = useFetcher<typeof action>();
  const preview = useFetcher<typeof action>();
  const toast = useToast();
  useAdminLoadingBar();

  const saved = save.data;
  const issues = saved && !saved.ok && "issues" in saved ? saved.issues : preview.data && !preview.data.ok && "issues" in preview.data ? preview.data.issues : [];
  // As soon as the answer arrives, not when idle: the new version's data remounts this screen (key above).
  const toasted = useRef<unknown>(null);
  useEffect(() => {
    if (saved?.ok && "version" in saved && toasted.current !== saved) {
      toasted.current = saved;
      toast(`Saved as version ${saved.version}`);
    }
  }, [saved, toast]);

  const dirty = text !== view.documentText;
  const submitSave = (form: Record<string, string>) => save.submit(form, { method: "post" });
  const previewData = preview.data?.intent === "preview" && preview.data.ok ? preview.data : undefined;
  return (
    <Page
      title={`${page.title} mapping`}
      titleMetadata={<Badge tone={view.version === 0 ? "info" : "success"}>{view.version === 0 ? "Default" : `Version ${view.version}`}</Badge>}
      backAction={{ content: "Mappings", url: "/app/mappings" }}
      primaryAction={{ content: "Save", disabled: !dirty, loading: save.state !== "idle" && save.formData?.get("intent") === "save", onAction: () => submitSave({ intent: "save", document: text }) }}
      secondaryActions={[
        { content: "Discard changes", disabled: !dirty, onAction: () => setText(view.documentText) },
        { content: "Reset to defaults", disabled: save.state !== "idle", helpText: "Saves the built-in mapping as a new version.", onAction: () => submitSave({ intent: "reset" }) },
      ]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {view.scopeNotice ? (
              <Banner tone="warning" title="Two-way rows cannot write to Shopify yet">
                {view.scopeNotice}
              </Banner>
            ) : null}
            <IssuesBanner issues={issues} title={saved && !saved.ok ? "The mapping was not saved" : "The mapping has problems"} />
            <MappingEditor text={text} onTextChange={setText} fields={view.fields} issues={issues} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <PreviewCard
              recent={view.recent}
              noun={page.noun}
              running={preview.state !== "idle"}
              data={previewData}
              onPreview={(source) => preview.submit({ intent: "preview", document: text, source }, { method: "post" })}
            />
            <VersionsCard versions={view.versions} busy={save.state !== "idle"} onRestore={(version) => submitSave({ intent: "restore", version: String(version) })} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorBoundary backUrl="/app/mappings" what="mapping" />;
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
