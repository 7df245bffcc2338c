import { useFetcher } from "@remix-run/react";
import { Badge, Button, ButtonGroup, Card, IndexTable, Link, Text, useBreakpoints } from "@shopify/polaris";
import type { RuleView } from "../../services/admin/rules-admin.server";
import { RESOURCE_PAGES } from "../../services/admin/resource-pages";
import { summarizeRule } from "../../services/admin/rule-form";
import { isSyncResource } from "../../sync/sync-resource";

const ACTION_LABELS: Record<string, string> = { block: "Block", warn: "Warn", "drop-field": "Drop field" };

function RuleRow({ rule, position }: { rule: RuleView; position: number }) {
  const toggle = useFetcher();
  const remove = useFetcher();
  // Optimistic: the badge follows the click before the server answers.
  const enabled = toggle.formData ? toggle.formData.get("enabled") === "true" : rule.enabled;
  const subject = rule.field || "(event)";
  return (
    <IndexTable.Row id={rule.id} position={position}>
      <IndexTable.Cell>{isSyncResource(rule.resource) ? RESOURCE_PAGES[rule.resource].title : rule.resource}</IndexTable.Cell>
      <IndexTable.Cell>
        <Link url={`/app/rules/${rule.id}`} dataPrimaryLink>
          <Text as="span" fontWeight="semibold">
            {subject}
          </Text>{" "}
          {summarizeRule(rule)}
        </Link>
      </IndexTable.Cell>
      <IndexTable.Cell>{ACTION_LABELS[rule.action] ?? rule.action}</IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={enabled ? "success" : undefined}>{enabled ? "Enabled" : "Disabled"}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <ButtonGroup>
          <Button
            size="slim"
            accessibilityLabel={`${enabled ? "Disable" : "Enable"} rule on ${subject}`}
            loading={toggle.state !== "idle"}
            onClick={() => toggle.submit({ intent: "toggle", id: rule.id, enabled: String(!enabled) }, { method: "post" })}
          >
            {enabled ? "Disable" : "Enable"}
          </Button>
          <Button
            size="slim"
            tone="critical"
            accessibilityLabel={`Delete rule on ${subject}`}
            loading={remove.state !== "idle"}
            onClick={() => remove.submit({ intent: "delete", id: rule.id }, { method: "post" })}
          >
            Delete
          </Button>
        </ButtonGroup>
      </IndexTable.Cell>
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
          <RuleRow key={rule.id} rule={rule} position={index} />
        ))}
      </IndexTable>
    </Card>
  );
}
