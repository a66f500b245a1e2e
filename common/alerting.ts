// Alertmanager routing: receivers by name and the routes to them. Configuration declares it per environment;
// the monitoring construct renders it. Pure: no cdktf.

/** Where an Alertmanager receiver sends; its secret (webhook URL, routing key) comes from Secrets Manager. */
export type AlertReceiver =
  | { readonly kind: "slack"; readonly channel: string }
  | { readonly kind: "pagerduty" }
  | { readonly kind: "webhook" };

export interface AlertRoute {
  /** Alertmanager matchers, all of which must hold, e.g. ['severity="critical"']. */
  readonly matchers: readonly string[];
  readonly receiver: string;
}

export interface AlertRouting {
  /** Receivers by name. Each reads its secret from Secrets Manager at `<project>/<env>/monitoring/<name>`. */
  readonly receivers: Readonly<Record<string, AlertReceiver>>;
  /** Receiver for alerts no route matches; `null` drops them (they stay visible in Alertmanager and Grafana). */
  readonly defaultReceiver: string;
  /** Checked in order; the first match wins. */
  readonly routes: readonly AlertRoute[];
}

/** The receiver that discards; always present, so a route can silence an alert (Watchdog, InfoInhibitor). */
export const NULL_RECEIVER = "null";
