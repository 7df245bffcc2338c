import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, ButtonGroup, Card, IndexTable, InlineStack, Link, Text, useBreakpoints } from "@shopify/polaris";
import type { RuleView } from "../../services/admin/rules-admin.server";
import { RESOURCE_PAGES } from "../../services/admin/resource-pages";
import { summarizeRule } from "../../services/admin/rule-form";
import { isSyncResource } from "../../sync/sync-resource";

const ACTION_LABELS: Record<string, string> = { block: "Block", warn: "Warn", "drop-field": "Drop field" };

function RuleRow({ rule, position, condensed }: { rule: RuleView; position: number; condensed: boolean }) {
  const toggle = useFetcher();
  const remove = useFetcher();
  // Optimistic: the badge follows the click before the server answers.
  const enabled = toggle.formData ? toggle.formData.get("enabled") === "true" : rule.enabled;
  const subject = rule.field || "(event)";
  const actions = (
    <ButtonGroup>
      <Button
        size="slim"
        accessibilityLabel={`${enabled ? "Disable" : "Enable"} rule on ${subject}`}
        loading={toggle.state !== "idle"}
        onClick={() => toggle.submit({ intent: "toggle", id: rule.id, enabled: String(!enabled) }, { method: "post" })}
      >
        {enabled ? "Disable" : "Enable"}
      </Button>
      <Button size="slim" tone="critical" accessibilityLabel={`Delete rule on ${subject}`} loading={remove.state !== "idle"} onClick={() => remove.submit({ intent: "delete", id: rule.id }, { method: "post" })}>
        Delete
      </Button>
    </ButtonGroup>
  );
  const title = (
    <Link url={`/app/rules/${rule.id}`} dataPrimaryLink>
      <Text as="span" fontWeight="semibold">
        {subject}
      </Text>{" "}
      {summarizeRule(rule)}
    </Link>
  );
  const resource = isSyncResource(rule.resource) ? RESOURCE_PAGES[rule.resource].title : rule.resource;
  const badge = <Badge tone={enabled ? "success" : undefined}>{enabled ? "Enabled" : "Disabled"}</Badge>;
  if (condensed) {
    return (
      <IndexTable.Row id={rule.id} position={position}>
        <div style={{ padding: "var(--p-space-300) var(--p-space-400)" }}>
          <BlockStack gap="200">
            {title}
            <InlineStack gap="200" blockAlign="center">
              {badge}
              <Text as="span" variant="bodySm" tone="subdued">
                {resource} · {ACTION_LABELS[rule.action] ?? rule.action}
              </Text>
            </InlineStack>
            {actions}
          </BlockStack>
        </div>
      </IndexTable.Row>
    );
  }
  return (
    <IndexTable.Row id={rule.id} position={position}>
      <IndexTable.Cell>{resource}</IndexTable.Cell>
      <IndexTable.Cell>{title}</IndexTable.Cell>
      <IndexTable.Cell>{ACTION_LABELS[rule.action] ?? rule.action}</IndexTable.Cell>
      <IndexTable.Cell>{badge}</IndexTable.Cell>
      <IndexTable.Cell>{actions}</IndexTable.Cell>
    </IndexTable.Row>
  );
}

export function RulesTable({ rules }: { rules: RuleView[] }) {
  const { smDown } = useBreakpoints();
  return (
    <Card padding="0">
      <IndexTable
        resourceName={{ singular: "rule", plural: "rules" }}
        itemCount={rules.length}
        selectable={false}
        condensed={smDown}
        headings={[{ title: "Resource" }, { title: "Rule" }, { title: "When it fails" }, { title: "Status" }, { title: "Actions" }]}
      >
        {rules.map((rule, index) => (
          <RuleRow key={rule.id} rule={rule} position={index} condensed={smDown} />
        ))}
      </IndexTable>
    </Card>
  );
}
