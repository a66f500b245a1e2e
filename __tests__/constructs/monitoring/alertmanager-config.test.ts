import { prod as prodEnvironment } from "../../../config/environments";
import { alertmanagerConfig, receiverSecretName } from "../../../constructs/monitoring/alertmanager-config";

describe("alertmanagerConfig", () => {
  const prod = alertmanagerConfig(prodEnvironment.cluster.monitoring.alerting) as {
    route: { receiver: string; routes: { receiver: string; matchers: string[] }[] };
    receivers: Record<string, unknown>[];
    inhibit_rules: unknown[];
  };

  it("routes critical alerts to the pager and the rest to chat, silencing the Watchdog first", () => {
    expect(prod.route.receiver).toBe("platform-chat");
    expect(prod.route.routes).toEqual([
      { receiver: "null", matchers: ['alertname=~"Watchdog|InfoInhibitor"'] },
      { receiver: "platform-oncall", matchers: ['severity="critical"'] },
    ]);
  });

  it("reads every receiver's secret from a mounted file, never from values", () => {
    expect(prod.receivers).toEqual([
      { name: "null" },
      {
        name: "platform-oncall",
        pagerduty_configs: [{ routing_key_file: "/etc/alertmanager/secrets/alertmanager-receivers/platform-oncall", send_resolved: true }],
      },
      {
        name: "platform-chat",
        slack_configs: [
          {
            api_url_file: "/etc/alertmanager/secrets/alertmanager-receivers/platform-chat",
            channel: "#aec-platform-alerts",
            send_resolved: true,
          },
        ],
      },
    ]);
  });

  it("supports webhook receivers and a silent default (dev)", () => {
    const cfg = alertmanagerConfig({ receivers: { hook: { kind: "webhook" } }, defaultReceiver: "null", routes: [] }) as {
      route: { receiver: string };
      receivers: unknown[];
    };
    expect(cfg.route.receiver).toBe("null");
    expect(cfg.receivers[1]).toEqual({ name: "hook", webhook_configs: [{ url_file: "/etc/alertmanager/secrets/alertmanager-receivers/hook", send_resolved: true }] });
  });

  it("names receiver secrets under the environment's prefix", () => {
    expect(receiverSecretName("aec-platform/prod", "platform-oncall")).toBe("aec-platform/prod/monitoring/platform-oncall");
  });
});
