// Monthly cost estimate: each priced resource of an environment, from the price tables in report/prices/ and the
// usage assumptions below. Hand-checkable on purpose: every line carries the formula that produced it.
import { classify, type PriceRule, type ServiceId } from "./classify";
import type { EnvironmentModel, Resource } from "./model";

export interface PriceTable {
  readonly region: string;
  readonly source: string;
  readonly asOf: string;
  readonly approximate?: readonly string[];
  readonly hourly: {
    readonly ec2: Readonly<Record<string, number>>;
    readonly rds: Readonly<Record<string, number>>;
    readonly elasticache: Readonly<Record<string, number>>;
    readonly mq: Readonly<Record<string, number>>;
    readonly msk: Readonly<Record<string, number>>;
    readonly eksCluster: number;
    readonly natGateway: number;
    readonly interfaceEndpointPerAz: number;
    readonly publicIpv4: number;
  };
  readonly perGb: Readonly<Record<"natProcessed" | "endpointProcessed" | "s3ReplicationTimeControl" | "interRegionTransfer" | "logIngestion" | "cloudfrontTransferOut", number>>;
  readonly perGbMonth: Readonly<Record<"ebsGp3" | "rdsGp3SingleAz" | "mskStorage" | "s3Standard" | "logStorage" | "ecrStorage", number>>;
  readonly perMillionRequests: Readonly<Record<"lambda" | "httpApi" | "sqs" | "waf" | "cloudfrontHttps", number>>;
  readonly perGbSecond: Readonly<Record<"lambdaArm64" | "lambdaX86", number>>;
  readonly perMonth: Readonly<Record<"kmsKey" | "secret" | "alarm" | "wafWebAcl" | "wafRule" | "route53HostedZone", number>>;
}

/** Usage the synthesized JSON cannot tell; written next to every total. */
export interface Assumptions {
  readonly hoursPerMonth: number;
  /** Spot price as a fraction of on-demand (0.35 = 65% below), for node groups with capacity_type SPOT. */
  readonly spotPriceFactor: number;
  readonly natProcessedGbPerGateway: number;
  readonly endpointProcessedGbPerEndpoint: number;
  readonly storedGbPerBucket: number;
  readonly replicatedGbPerReplication: number;
  readonly lambdaRequestsPerFunction: number;
  readonly lambdaAverageDurationMs: number;
  readonly apiRequests: number;
  readonly sqsRequestsPerQueue: number;
  readonly logIngestionGbPerGroup: number;
  /** Stored log volume is the monthly ingestion times the retention in months, at most this many months. */
  readonly maxLogStorageMonths: number;
  readonly cloudfrontTransferGb: number;
  readonly cloudfrontRequests: number;
  readonly ecrStoredGbPerRepository: number;
}

export const DEFAULT_ASSUMPTIONS: Assumptions = {
  hoursPerMonth: 730,
  spotPriceFactor: 0.35,
  natProcessedGbPerGateway: 100,
  endpointProcessedGbPerEndpoint: 10,
  storedGbPerBucket: 100,
  replicatedGbPerReplication: 50,
  lambdaRequestsPerFunction: 1_000_000,
  lambdaAverageDurationMs: 200,
  apiRequests: 1_000_000,
  sqsRequestsPerQueue: 1_000_000,
  logIngestionGbPerGroup: 2,
  maxLogStorageMonths: 12,
  cloudfrontTransferGb: 100,
  cloudfrontRequests: 1_000_000,
  ecrStoredGbPerRepository: 10,
};

export interface CostLine {
  readonly stack: string;
  readonly address: string;
  readonly service: ServiceId;
  readonly item: string;
  /** Null when the resource is usage-based or its price is missing from the table (`formula` says which). */
  readonly monthlyUsd: number | null;
  readonly formula: string;
}

export interface CostEstimate {
  readonly environment: string;
  readonly totalUsd: number;
  readonly lines: readonly CostLine[];
  readonly assumptions: Assumptions;
  readonly priceSources: readonly { region: string; asOf: string }[];
}

type Priced = { monthly: number | null; formula: string; item?: string };
type Rule = (r: Resource, p: PriceTable, a: Assumptions, env: EnvironmentModel) => Priced;

const round2 = (n: number) => Math.round(n * 100) / 100;
const usd = (n: number) => `$${n}`;
const missing = (what: string, region: string): Priced => ({
  monthly: null,
  formula: `no price for ${what} in report/prices/${region}.json: add it`,
});

function hourly(table: Readonly<Record<string, number>>, key: string, region: string, count: number, a: Assumptions, extra = 1, note = ""): Priced {
  const price = table[key];
  if (price === undefined) return missing(key, region);
  const factor = extra === 1 ? "" : ` × ${extra}${note}`;
  return { monthly: count * price * a.hoursPerMonth * extra, formula: `${count} × ${key} ${usd(price)}/h × ${a.hoursPerMonth} h${factor}` };
}

const RULES: Record<PriceRule, Rule> = {
  nodeGroup: (r, p, a, env) => {
    const type = r.config.instance_types?.[0];
    const count = Number(r.config.scaling_config?.desired_size ?? 0);
    const spot = r.config.capacity_type === "SPOT";
    const compute = hourly(p.hourly.ec2, type, p.region, count, a, spot ? a.spotPriceFactor : 1, spot ? " (Spot)" : "");
    if (compute.monthly === null) return compute;
    const template = env.resources.find((t) => t.type === "aws_launch_template" && String(r.config.launch_template?.id).includes(t.name));
    const gib = Number(template?.config.block_device_mappings?.[0]?.ebs?.volume_size ?? r.config.disk_size ?? 20);
    const disk = count * gib * p.perGbMonth.ebsGp3;
    return { monthly: compute.monthly + disk, formula: `${compute.formula} + ${count} × ${gib} GiB gp3 × ${usd(p.perGbMonth.ebsGp3)}`, item: `node group, ${count} × ${type}` };
  },
  eksCluster: (_r, p, a) => ({ monthly: p.hourly.eksCluster * a.hoursPerMonth, formula: `control plane ${usd(p.hourly.eksCluster)}/h × ${a.hoursPerMonth} h` }),
  natGateway: (_r, p, a) => ({
    monthly: p.hourly.natGateway * a.hoursPerMonth + a.natProcessedGbPerGateway * p.perGb.natProcessed,
    formula: `${usd(p.hourly.natGateway)}/h × ${a.hoursPerMonth} h + ${a.natProcessedGbPerGateway} GB × ${usd(p.perGb.natProcessed)}`,
  }),
  publicIpv4: (_r, p, a) => ({ monthly: p.hourly.publicIpv4 * a.hoursPerMonth, formula: `public IPv4 ${usd(p.hourly.publicIpv4)}/h × ${a.hoursPerMonth} h` }),
  vpcEndpoint: (r, p, a) => {
    if (r.config.vpc_endpoint_type !== "Interface") return { monthly: 0, formula: "gateway endpoint: no charge" };
    const azs = Array.isArray(r.config.subnet_ids) ? r.config.subnet_ids.length : 1;
    return {
      monthly: azs * p.hourly.interfaceEndpointPerAz * a.hoursPerMonth + a.endpointProcessedGbPerEndpoint * p.perGb.endpointProcessed,
      formula: `${azs} AZ × ${usd(p.hourly.interfaceEndpointPerAz)}/h × ${a.hoursPerMonth} h + ${a.endpointProcessedGbPerEndpoint} GB × ${usd(p.perGb.endpointProcessed)}`,
    };
  },
  rdsInstance: (r, p, a) => {
    const copies = r.config.multi_az ? 2 : 1;
    const note = copies === 2 ? " (Multi-AZ)" : "";
    const instance = hourly(p.hourly.rds, r.config.instance_class, p.region, 1, a, copies, note);
    if (instance.monthly === null) return instance;
    const gib = Number(r.config.allocated_storage ?? 0);
    const storage = gib * p.perGbMonth.rdsGp3SingleAz * copies;
    return { monthly: instance.monthly + storage, formula: `${instance.formula} + ${gib} GiB × ${usd(p.perGbMonth.rdsGp3SingleAz)}${copies === 2 ? " × 2" : ""}` };
  },
  cacheGroup: (r, p, a) => {
    const c = r.config;
    const nodes = c.num_node_groups ? Number(c.num_node_groups) * (Number(c.replicas_per_node_group ?? 0) + 1) : Number(c.num_cache_clusters ?? 1);
    return hourly(p.hourly.elasticache, c.node_type, p.region, nodes, a);
  },
  mqBroker: (r, p, a) => {
    const brokers = { CLUSTER_MULTI_AZ: 3, ACTIVE_STANDBY_MULTI_AZ: 2 }[String(r.config.deployment_mode)] ?? 1;
    const priced = hourly(p.hourly.mq, r.config.host_instance_type, p.region, brokers, a);
    return priced.monthly === null ? priced : { ...priced, formula: `${priced.formula} (broker storage not priced)` };
  },
  mskCluster: (r, p, a) => {
    const n = Number(r.config.number_of_broker_nodes ?? 0);
    const info = r.config.broker_node_group_info ?? {};
    const brokers = hourly(p.hourly.msk, info.instance_type, p.region, n, a);
    if (brokers.monthly === null) return brokers;
    const gib = Number(info.storage_info?.ebs_storage_info?.volume_size ?? 0);
    return { monthly: brokers.monthly + n * gib * p.perGbMonth.mskStorage, formula: `${brokers.formula} + ${n} × ${gib} GiB × ${usd(p.perGbMonth.mskStorage)}` };
  },
  s3Bucket: (_r, p, a) => ({ monthly: a.storedGbPerBucket * p.perGbMonth.s3Standard, formula: `${a.storedGbPerBucket} GB Standard × ${usd(p.perGbMonth.s3Standard)}` }),
  s3Replication: (_r, p, a) => ({
    monthly: a.replicatedGbPerReplication * (p.perGb.s3ReplicationTimeControl + p.perGb.interRegionTransfer),
    formula: `${a.replicatedGbPerReplication} GB × (RTC ${usd(p.perGb.s3ReplicationTimeControl)} + inter-region ${usd(p.perGb.interRegionTransfer)})`,
  }),
  lambda: (r, p, a) => {
    const arm = (r.config.architectures ?? []).includes("arm64");
    const gbSecondPrice = arm ? p.perGbSecond.lambdaArm64 : p.perGbSecond.lambdaX86;
    const memoryGb = Number(r.config.memory_size ?? 128) / 1024;
    const gbSeconds = a.lambdaRequestsPerFunction * (a.lambdaAverageDurationMs / 1000) * memoryGb;
    const requests = (a.lambdaRequestsPerFunction / 1e6) * p.perMillionRequests.lambda;
    return {
      monthly: requests + gbSeconds * gbSecondPrice,
      formula: `${a.lambdaRequestsPerFunction / 1e6} M req × ${usd(p.perMillionRequests.lambda)} + ${gbSeconds} GB-s × ${usd(gbSecondPrice)}`,
    };
  },
  httpApi: (_r, p, a) => ({ monthly: (a.apiRequests / 1e6) * p.perMillionRequests.httpApi, formula: `${a.apiRequests / 1e6} M req × ${usd(p.perMillionRequests.httpApi)}` }),
  sqsQueue: (_r, p, a) => ({ monthly: (a.sqsRequestsPerQueue / 1e6) * p.perMillionRequests.sqs, formula: `${a.sqsRequestsPerQueue / 1e6} M req × ${usd(p.perMillionRequests.sqs)}` }),
  logGroup: (r, p, a) => {
    const days = Number(r.config.retention_in_days ?? 0);
    const months = days === 0 ? a.maxLogStorageMonths : Math.min(days / 30, a.maxLogStorageMonths);
    const stored = a.logIngestionGbPerGroup * months;
    return {
      monthly: a.logIngestionGbPerGroup * p.perGb.logIngestion + stored * p.perGbMonth.logStorage,
      formula: `${a.logIngestionGbPerGroup} GB × ${usd(p.perGb.logIngestion)} + ${round2(stored)} GB stored × ${usd(p.perGbMonth.logStorage)}`,
    };
  },
  alarm: (_r, p) => ({ monthly: p.perMonth.alarm, formula: `${usd(p.perMonth.alarm)} per alarm` }),
  kmsKey: (_r, p) => ({ monthly: p.perMonth.kmsKey, formula: `${usd(p.perMonth.kmsKey)} per key (requests not priced)` }),
  secret: (_r, p) => ({ monthly: p.perMonth.secret, formula: `${usd(p.perMonth.secret)} per secret` }),
  webAcl: (r, p, a) => {
    const rules = (r.config.rule ?? []).length;
    return {
      monthly: p.perMonth.wafWebAcl + rules * p.perMonth.wafRule + (a.apiRequests / 1e6) * p.perMillionRequests.waf,
      formula: `${usd(p.perMonth.wafWebAcl)} + ${rules} rules × ${usd(p.perMonth.wafRule)} + ${a.apiRequests / 1e6} M req × ${usd(p.perMillionRequests.waf)}`,
    };
  },
  cloudfront: (_r, p, a) => ({
    monthly: a.cloudfrontTransferGb * p.perGb.cloudfrontTransferOut + (a.cloudfrontRequests / 1e6) * p.perMillionRequests.cloudfrontHttps,
    formula: `${a.cloudfrontTransferGb} GB × ${usd(p.perGb.cloudfrontTransferOut)} + ${a.cloudfrontRequests / 1e6} M HTTPS req × ${usd(p.perMillionRequests.cloudfrontHttps)}`,
  }),
  hostedZone: (_r, p) => ({ monthly: p.perMonth.route53HostedZone, formula: `${usd(p.perMonth.route53HostedZone)} per hosted zone` }),
  ecrRepository: (_r, p, a) => ({ monthly: a.ecrStoredGbPerRepository * p.perGbMonth.ecrStorage, formula: `${a.ecrStoredGbPerRepository} GB × ${usd(p.perGbMonth.ecrStorage)}` }),
  usageBased: () => ({ monthly: null, formula: "usage-based (events, findings, data scanned): not estimated" }),
};

export function estimateCost(env: EnvironmentModel, prices: Readonly<Record<string, PriceTable>>, assumptions: Assumptions = DEFAULT_ASSUMPTIONS): CostEstimate {
  const lines: CostLine[] = [];
  const regions = new Set<string>();
  for (const r of env.resources) {
    const cls = classify(r.type);
    if (!cls.price) continue;
    const table = prices[r.region];
    regions.add(r.region);
    const priced = table ? RULES[cls.price](r, table, assumptions, env) : { monthly: null, formula: `no price table report/prices/${r.region}.json` };
    lines.push({
      stack: r.stack,
      address: r.address,
      service: cls.service,
      item: priced.item ?? cls.label,
      monthlyUsd: priced.monthly === null ? null : round2(priced.monthly),
      formula: priced.formula,
    });
  }
  const totalUsd = round2(lines.reduce((sum, l) => sum + (l.monthlyUsd ?? 0), 0));
  const priceSources = [...regions].sort().filter((r) => prices[r]).map((r) => ({ region: r, asOf: prices[r].asOf }));
  return { environment: env.name, totalUsd, lines, assumptions, priceSources };
}

export interface CostDifference {
  readonly previousTotalUsd: number;
  readonly deltaUsd: number;
  readonly changed: readonly { key: string; item: string; beforeUsd: number | null; afterUsd: number | null }[];
}

/** What the machine-readable cost file holds: enough to compare the next run against. */
export function costJson(estimate: CostEstimate): { environment: string; totalUsd: number; lines: Record<string, { item: string; monthlyUsd: number | null }> } {
  const lines: Record<string, { item: string; monthlyUsd: number | null }> = {};
  for (const l of estimate.lines) lines[`${l.stack}/${l.address}`] = { item: l.item, monthlyUsd: l.monthlyUsd };
  return { environment: estimate.environment, totalUsd: estimate.totalUsd, lines };
}

export function costDifference(previous: ReturnType<typeof costJson>, current: CostEstimate): CostDifference {
  const now = costJson(current).lines;
  const keys = [...new Set([...Object.keys(previous.lines), ...Object.keys(now)])].sort();
  const changed = keys
    .filter((k) => previous.lines[k]?.monthlyUsd !== now[k]?.monthlyUsd)
    .map((k) => ({ key: k, item: (now[k] ?? previous.lines[k]).item, beforeUsd: previous.lines[k]?.monthlyUsd ?? null, afterUsd: now[k]?.monthlyUsd ?? null }));
  return { previousTotalUsd: previous.totalUsd, deltaUsd: round2(current.totalUsd - previous.totalUsd), changed };
}
