import { BlockStack, Card, DataTable, Link, Text } from "@shopify/polaris";
import type { ComplianceRequestView } from "../../services/privacy/privacy-admin.server";
import { DateTime } from "../admin/format";

const TOPIC_LABELS: Record<string, string> = {
  "customers/data_request": "Customer data request",
  "customers/redact": "Customer erasure",
  "shop/redact": "Shop erasure",
};

/** Shopify's compliance requests: exports to hand over, erasures done, records left for the Salesforce admin. */
export function ComplianceRequestsCard({ requests }: { requests: ComplianceRequestView[] }) {
  if (requests.length === 0) return null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Privacy requests from Shopify
        </Text>
        <DataTable
          columnContentTypes={["text", "text", "text", "text"]}
          headings={["Request", "Received", "Status", "Result"]}
          rows={requests.map((request) => [
            TOPIC_LABELS[request.topic] ?? request.topic,
            <DateTime key="received" iso={request.receivedAt} />,
            request.status,
            request.exportId ? (
              <Link url={`/app/data-requests/${request.exportId}`} target="_blank">
                Download the customer's data (JSON)
              </Link>
            ) : request.recordedForAdmin.length > 0 ? (
              `For your Salesforce admin: ${request.recordedForAdmin.map((entry) => `${entry.object} ${entry.id}`).join(", ")}`
            ) : request.policy ? (
              `Erased (${request.policy})`
            ) : (
              ""
            ),
          ])}
        />
      </BlockStack>
    </Card>
  );
}
