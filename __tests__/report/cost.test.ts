// The cost arithmetic on a hand-written environment: every figure below is worked out by hand from the fixture's
// prices and assumptions.
import { costDifference, costJson, estimateCost, type Assumptions, type PriceTable } from "../../report/cost";
import { resourcesOfStack, type EnvironmentModel } from "../../report/model";

const prices: PriceTable = {
  region: "eu-test-1",
  source: "fixture",
  asOf: "fixture",
  hourly: {
    ec2: { "m.large": 0.1 },
    rds: { "db.large": 0.2 },
    elasticache: { "cache.large": 0.15 },
    mq: { "mq.large": 0.3 },
    msk: {},
    eksCluster: 0.1,
    natGateway: 0.05,
    interfaceEndpointPerAz: 0.01,
    publicIpv4: 0.005,
  },
  perGb: { natProcessed: 0.05, endpointProcessed: 0.01, s3ReplicationTimeControl: 0.015, interRegionTransfer: 0.02, logIngestion: 0.5, cloudfrontTransferOut: 0.085 },
  perGbMonth: { ebsGp3: 0.08, rdsGp3SingleAz: 0.1, mskStorage: 0.1, s3Standard: 0.02, logStorage: 0.03, ecrStorage: 0.1 },
  perMillionRequests: { lambda: 0.2, httpApi: 1, sqs: 0.4, waf: 0.6, cloudfrontHttps: 1 },
  perGbSecond: { lambdaArm64: 0.00001, lambdaX86: 0.00002 },
  perMonth: { kmsKey: 1, secret: 0.4, alarm: 0.1, wafWebAcl: 5, wafRule: 1, route53HostedZone: 0.5 },
};

const assumptions: Assumptions = {
  hoursPerMonth: 1000,
  spotPriceFactor: 0.5,
  natProcessedGbPerGateway: 100,
  endpointProcessedGbPerEndpoint: 10,
  storedGbPerBucket: 200,
  replicatedGbPerReplication: 100,
  lambdaRequestsPerFunction: 2_000_000,
  lambdaAverageDurationMs: 100,
  apiRequests: 3_000_000,
  sqsRequestsPerQueue: 1_000_000,
  logIngestionGbPerGroup: 10,
  maxLogStorageMonths: 12,
  cloudfrontTransferGb: 100,
  cloudfrontRequests: 1_000_000,
  ecrStoredGbPerRepository: 10,
};

function env(resource: Record<string, Record<string, unknown>>): EnvironmentModel {
  const json = { provider: { aws: [{ region: "eu-test-1" }] }, resource };
  return { name: "fixture", region: "eu-test-1", stacks: ["fixture-platform"], resources: resourcesOfStack("fixture-platform", json), policy: [] };
}

const fixture = env({
  aws_launch_template: { lt: { block_device_mappings: [{ ebs: { volume_size: 50 } }] } },
  aws_eks_node_group: {
    general: { instance_types: ["m.large"], capacity_type: "SPOT", scaling_config: { desired_size: 2 }, launch_template: { id: "${aws_launch_template.lt.id}" } },
  },
  aws_eks_cluster: { cluster: {} },
  aws_nat_gateway: { a: {} },
  aws_vpc_endpoint: { sts: { vpc_endpoint_type: "Interface", subnet_ids: ["x", "y", "z"] }, s3: { vpc_endpoint_type: "Gateway" } },
  aws_db_instance: { db: { instance_class: "db.large", multi_az: true, allocated_storage: 100 } },
  aws_elasticache_replication_group: { cache: { node_type: "cache.large", num_node_groups: 3, replicas_per_node_group: 1 } },
  aws_mq_broker: { broker: { host_instance_type: "mq.large", deployment_mode: "CLUSTER_MULTI_AZ" } },
  aws_s3_bucket: { documents: {} },
  aws_lambda_function: { fn: { memory_size: 1024, architectures: ["arm64"] } },
  aws_apigatewayv2_api: { api: {} },
  aws_cloudwatch_log_group: { logs: { retention_in_days: 90 } },
  aws_wafv2_web_acl: { acl: { rule: [{}, {}] } },
  aws_kms_key: { key: {} },
  aws_guardduty_detector: { detector: {} },
});

describe("estimateCost", () => {
  const estimate = estimateCost(fixture, { "eu-test-1": prices }, assumptions);
  const line = (address: string) => estimate.lines.find((l) => l.address === address)!;

  it("prices each resource by its rule, with the formula beside the figure", () => {
    // 2 × 0.1 × 1000 × 0.5 (Spot) + 2 × 50 GiB × 0.08
    expect(line("aws_eks_node_group.general")).toMatchObject({ monthlyUsd: 108, item: "node group, 2 × m.large" });
    expect(line("aws_eks_node_group.general").formula).toBe("2 × m.large $0.1/h × 1000 h × 0.5 (Spot) + 2 × 50 GiB gp3 × $0.08");
    expect(line("aws_eks_cluster.cluster").monthlyUsd).toBe(100);
    expect(line("aws_nat_gateway.a").monthlyUsd).toBe(55); // 0.05 × 1000 + 100 GB × 0.05
    expect(line("aws_vpc_endpoint.sts").monthlyUsd).toBe(30.1); // 3 AZ × 0.01 × 1000 + 10 GB × 0.01
    expect(line("aws_vpc_endpoint.s3").monthlyUsd).toBe(0);
    expect(line("aws_db_instance.db").monthlyUsd).toBe(420); // 0.2 × 1000 × 2 + 100 GiB × 0.1 × 2
    expect(line("aws_elasticache_replication_group.cache").monthlyUsd).toBe(900); // 6 nodes × 0.15 × 1000
    expect(line("aws_mq_broker.broker").monthlyUsd).toBe(900); // 3 brokers × 0.3 × 1000
    expect(line("aws_s3_bucket.documents").monthlyUsd).toBe(4); // 200 GB × 0.02
    expect(line("aws_lambda_function.fn").monthlyUsd).toBe(2.4); // 2 M × 0.2 + 200,000 GB-s × 0.00001
    expect(line("aws_apigatewayv2_api.api").monthlyUsd).toBe(3);
    expect(line("aws_cloudwatch_log_group.logs").monthlyUsd).toBe(5.9); // 10 GB × 0.5 + 30 GB stored × 0.03
    expect(line("aws_wafv2_web_acl.acl").monthlyUsd).toBe(8.8); // 5 + 2 rules × 1 + 3 M × 0.6
    expect(line("aws_kms_key.key").monthlyUsd).toBe(1);
    expect(line("aws_guardduty_detector.detector")).toMatchObject({ monthlyUsd: null, formula: expect.stringMatching(/^usage-based/) });
  });

  it("totals the priced lines", () => {
    // 108 + 100 + 55 + 30.1 + 420 + 900 + 900 + 4 + 2.4 + 3 + 5.9 + 8.8 + 1
    expect(estimate.totalUsd).toBe(2538.2);
  });

  it("names a missing price instead of guessing one", () => {
    const unknown = estimateCost(env({ aws_db_instance: { db: { instance_class: "db.huge" } } }), { "eu-test-1": prices }, assumptions);
    expect(unknown.lines[0]).toMatchObject({ monthlyUsd: null, formula: "no price for db.huge in report/prices/eu-test-1.json: add it" });
    expect(unknown.totalUsd).toBe(0);
    const noRegion = estimateCost(env({ aws_kms_key: { k: {} } }), {}, assumptions);
    expect(noRegion.lines[0]).toMatchObject({ monthlyUsd: null, formula: "no price table report/prices/eu-test-1.json" });
  });

  it("compares against the previous report's cost file", () => {
    const before = estimateCost(env({ aws_kms_key: { a: {}, b: {} }, aws_eks_cluster: { cluster: {} } }), { "eu-test-1": prices }, assumptions);
    const after = estimateCost(env({ aws_kms_key: { a: {} }, aws_nat_gateway: { a: {} }, aws_eks_cluster: { cluster: {} } }), { "eu-test-1": prices }, assumptions);
    const previous = JSON.parse(JSON.stringify(costJson(before)));
    expect(costDifference(previous, after)).toEqual({
      previousTotalUsd: 102,
      deltaUsd: 54,
      changed: [
        { key: "fixture-platform/aws_kms_key.b", item: "KMS key", beforeUsd: 1, afterUsd: null },
        { key: "fixture-platform/aws_nat_gateway.a", item: "NAT gateway", beforeUsd: null, afterUsd: 55 },
      ],
    });
  });
});
