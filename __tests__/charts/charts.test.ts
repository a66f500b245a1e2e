import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { HELM_CHARTS, LOCAL_CHARTS } from "../../common/versions-cluster";
import { CHARTS_DIR, readYamlFile } from "../../constructs/addons/helm-values";
import { dashboards, ruleGroups } from "../../constructs/monitoring/monitoring-content";

const releases = [...Object.keys(HELM_CHARTS), ...Object.keys(LOCAL_CHARTS)];

describe("charts/", () => {
  it("has a folder for every release the kit pins, and nothing else", () => {
    const folders = readdirSync(CHARTS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(folders.sort()).toEqual([...releases].sort());
  });

  it.each(releases)("%s/values.yaml parses to a mapping", (release) => {
    const values = readYamlFile(release, "values.yaml");
    expect(typeof values).toBe("object");
    expect(Object.keys(values).length).toBeGreaterThan(0);
  });

  it("pins each local chart at its Chart.yaml version", () => {
    for (const [name, pinned] of Object.entries(LOCAL_CHARTS)) {
      const chart = parse(readFileSync(join(CHARTS_DIR, name, "Chart.yaml"), "utf8"));
      expect({ name: chart.name, version: chart.version }).toEqual({ name, version: pinned.version });
    }
  });

  it("holds no secret values", () => {
    for (const release of releases) {
      const text = readFileSync(join(CHARTS_DIR, release, "values.yaml"), "utf8");
      expect({ release, leaks: /(password|api_url|routing_key|secret_key|token)\s*:\s*\S/i.test(text) }).toEqual({ release, leaks: false });
    }
  });

  it("embeds a CloudWatch exporter config that parses, with a metrics list", () => {
    const config = parse(String(readYamlFile("cloudwatch-exporter", "values.yaml").config));
    expect(config.metrics.length).toBeGreaterThan(10);
    const namespaces = new Set(config.metrics.map((m: { aws_namespace: string }) => m.aws_namespace));
    expect([...namespaces].sort()).toEqual(["AWS/AmazonMQ", "AWS/ElastiCache", "AWS/Kafka", "AWS/Lambda", "AWS/RDS"]);
  });
});

describe("dashboards", () => {
  const all = { ...dashboards("rabbitmq"), ...dashboards("kafka") };

  it("cover the handlers, PostgreSQL, Redis, the environment's broker and the nodes, with unique uids", () => {
    expect(Object.keys(dashboards("rabbitmq")).sort()).toEqual(["broker", "handlers", "nodes", "postgresql", "redis"]);
    expect(Object.keys(dashboards("kafka")).sort()).toEqual(["handlers", "kafka", "nodes", "postgresql", "redis"]);
    const uids = Object.values(all).map((text) => JSON.parse(text).uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it.each(Object.keys(all))("%s has panels with PromQL on the chosen Prometheus data source", (name) => {
    const board = JSON.parse(all[name]);
    expect(board.panels.length).toBeGreaterThanOrEqual(4);
    for (const panel of board.panels) {
      expect(panel.datasource).toEqual({ type: "prometheus", uid: "${datasource}" });
      expect(panel.targets.every((t: { expr: string }) => t.expr.length > 0)).toBe(true);
    }
  });
});

describe("alert rules", () => {
  const groups = { ...ruleGroups("rabbitmq"), ...ruleGroups("kafka") };

  it("follow the environment's broker: Amazon MQ's rules or MSK's (under-replication, disk, consumer lag)", () => {
    expect(Object.keys(ruleGroups("rabbitmq"))).toContain("broker");
    expect(Object.keys(ruleGroups("rabbitmq"))).not.toContain("kafka");
    const kafka = ruleGroups("kafka");
    expect(Object.keys(kafka)).not.toContain("broker");
    const alerts = (kafka.kafka!.groups as { rules: { alert: string; expr: string }[] }[]).flatMap((g) => g.rules);
    expect(alerts.map((r) => r.alert)).toEqual(["KafkaUnderReplicatedPartitions", "KafkaDiskAlmostFull", "KafkaConsumerLagGrowing", "KafkaOffsetLagHigh"]);
    // Names as the CloudWatch exporter writes them: aws_<namespace>_<metric>_<statistic>, snake case.
    for (const rule of alerts) expect(rule.expr).toMatch(/aws_kafka_(under_replicated_partitions|kafka_data_logs_disk_used|estimated_max_time_lag|sum_offset_lag)_maximum/);
  });

  it.each(Object.keys(groups))("%s: every rule has an expression, a duration, a severity and a summary", (name) => {
    for (const group of groups[name].groups as { name: string; rules: Record<string, unknown>[] }[]) {
      expect(group.name).toMatch(/^platform-/);
      for (const rule of group.rules) {
        expect(rule).toMatchObject({
          alert: expect.stringMatching(/^[A-Z][A-Za-z]+$/),
          expr: expect.any(String),
          for: expect.stringMatching(/^\d+m$/),
          labels: { severity: expect.stringMatching(/^(critical|warning)$/) },
          annotations: { summary: expect.any(String), description: expect.any(String) },
        });
      }
    }
  });
});
