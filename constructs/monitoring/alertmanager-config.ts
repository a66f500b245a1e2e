// Alertmanager configuration rendered from alert routing (common/alerting.ts). Receivers read their secrets (webhook
// URL, routing key) from files that Alertmanager mounts from the `alertmanager-receivers` Secret, which External
// Secrets fills from Secrets Manager: no secret value ever appears in values, state or this repository.

import { NULL_RECEIVER, type AlertReceiver, type AlertRouting } from "../../common/alerting";

/** Kubernetes Secret holding one key per receiver; mounted by Alertmanager under SECRETS_DIR. */
export const RECEIVER_SECRET = "alertmanager-receivers";
const SECRETS_DIR = `/etc/alertmanager/secrets/${RECEIVER_SECRET}`;

/** Secrets Manager name of a receiver's secret: `<prefix>/monitoring/<receiver>`. */
export function receiverSecretName(secretPrefix: string, receiver: string): string {
  return `${secretPrefix}/monitoring/${receiver}`;
}

function receiverConfig(name: string, receiver: AlertReceiver): Record<string, unknown> {
  const file = `${SECRETS_DIR}/${name}`;
  switch (receiver.kind) {
    case "slack":
      return { name, slack_configs: [{ api_url_file: file, channel: receiver.channel, send_resolved: true }] };
    case "pagerduty":
      return { name, pagerduty_configs: [{ routing_key_file: file, send_resolved: true }] };
    case "webhook":
      return { name, webhook_configs: [{ url_file: file, send_resolved: true }] };
  }
}

export function alertmanagerConfig(routing: AlertRouting): Record<string, unknown> {
  return {
    route: {
      receiver: routing.defaultReceiver,
      group_by: ["alertname", "namespace", "severity"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: [
        // The always-firing Watchdog proves the pipeline works; it pages nobody.
        { receiver: NULL_RECEIVER, matchers: ['alertname=~"Watchdog|InfoInhibitor"'] },
        ...routing.routes.map((r) => ({ receiver: r.receiver, matchers: [...r.matchers] })),
      ],
    },
    // A critical alert silences the warning of the same problem.
    inhibit_rules: [
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        equal: ["alertname", "namespace"],
      },
    ],
    receivers: [
      { name: NULL_RECEIVER },
      ...Object.entries(routing.receivers).map(([name, receiver]) => receiverConfig(name, receiver)),
    ],
  };
}
