// The monitoring the kit ships: Grafana dashboards (charts/kube-prometheus-stack/dashboards/*.json) and Prometheus
// rule groups (charts/kube-prometheus-stack/rules/*.yaml), read at synth in file-name order.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BrokerKind } from "../../common/broker";
import { throwIfProblems } from "../../common/problems";
import { CHARTS_DIR, chartFile, readYamlFile, type Values } from "../addons/helm-values";

const CONTENT_DIR = "kube-prometheus-stack";

/** Content that only makes sense for one broker kind, by file name (without extension). */
const BROKER_CONTENT: Record<BrokerKind, string> = { rabbitmq: "broker", kafka: "kafka" };

/** Files of a content folder, leaving out those of the broker kinds the environment does not run. */
function filesIn(folder: string, extension: string, broker: BrokerKind): string[] {
  const otherBrokers = new Set(Object.entries(BROKER_CONTENT).filter(([kind]) => kind !== broker).map(([, name]) => `${name}${extension}`));
  return readdirSync(join(CHARTS_DIR, CONTENT_DIR, folder))
    .filter((f) => f.endsWith(extension) && !otherBrokers.has(f))
    .sort();
}

/** Dashboards by name (file name without `.json`), as JSON text checked to parse and to carry a title and uid. */
export function dashboards(broker: BrokerKind): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of filesIn("dashboards", ".json", broker)) {
    const path = chartFile(CONTENT_DIR, "dashboards", file);
    const text = readFileSync(join(CHARTS_DIR, CONTENT_DIR, "dashboards", file), "utf8");
    let parsed: { title?: unknown; uid?: unknown };
    try {
      parsed = JSON.parse(text) as { title?: unknown; uid?: unknown };
    } catch (e) {
      throwIfProblems("Grafana dashboards", [
        { field: path, value: (e as Error).message, expected: "a Grafana dashboard in JSON", fix: "export it again from Grafana" },
      ]);
      throw e;
    }
    if (typeof parsed.title !== "string" || typeof parsed.uid !== "string") {
      throwIfProblems("Grafana dashboards", [
        { field: `${path}: title, uid`, value: { title: parsed.title, uid: parsed.uid }, expected: "a string title and uid", fix: "set both" },
      ]);
    }
    out[file.replace(/\.json$/, "")] = text;
  }
  return out;
}

/** Rule files by name, each `{ groups: [...] }`, for kube-prometheus-stack's `additionalPrometheusRulesMap`. */
export function ruleGroups(broker: BrokerKind): Record<string, Values> {
  const out: Record<string, Values> = {};
  for (const file of filesIn("rules", ".yaml", broker)) {
    const rules = readYamlFile(CONTENT_DIR, "rules", file);
    if (!Array.isArray(rules.groups) || rules.groups.length === 0) {
      throwIfProblems("Prometheus rules", [
        {
          field: `${chartFile(CONTENT_DIR, "rules", file)}: groups`,
          value: rules.groups,
          expected: "a non-empty list of rule groups",
          fix: "start the file with `groups:` and list at least one group",
        },
      ]);
    }
    out[file.replace(/\.yaml$/, "")] = rules;
  }
  return out;
}
