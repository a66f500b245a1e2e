// The inventory: per service, one line per resource a reviewer looks at, with the few properties they check, and a
// count of the supporting resources. Versions carry their end-of-support dates from the kit's catalogs.
import { VERSION_CATALOG } from "../common/versions";
import { HELM_CHARTS, KUBERNETES_RELEASES } from "../common/versions-cluster";
import { classify, SERVICES, type ServiceId } from "./classify";
import { displayName, referencesOf, type EnvironmentModel, type Resource } from "./model";

export interface InventoryLine {
  readonly address: string;
  readonly stack: string;
  readonly text: string;
}

export interface InventorySection {
  readonly service: ServiceId;
  readonly title: string;
  readonly lines: readonly InventoryLine[];
  /** Supporting resources by label, with how many. */
  readonly counts: Readonly<Record<string, number>>;
}

const yesNo = (v: unknown) => (v === true || v === "true" ? "yes" : "no");
const unresolved = (v: unknown) => typeof v === "string" && v.includes("${");

function support(date: string | null | undefined): string {
  return date ? `standard support until ${date}` : "no end-of-support date announced";
}

function catalogEntry(component: keyof typeof VERSION_CATALOG, version: unknown) {
  return (VERSION_CATALOG[component] as Record<string, { endOfStandardSupport: string | null }>)[String(version)];
}

/** The KMS key a resource names, shown by the key's own name rather than a Terraform expression. */
function keyName(value: unknown, env: EnvironmentModel): string {
  if (typeof value !== "string" || value === "") return "AWS-managed key";
  const match = /aws_kms_key\.([A-Za-z0-9_-]+)/.exec(value);
  if (!match) return unresolved(value) ? "a key of another stack" : value.replace(/^.*:(alias|key)\//, "$1/");
  const key = env.resources.find((r) => r.type === "aws_kms_key" && r.name === match[1]);
  return key ? `KMS ${displayName(key).replace(/^.*?_keys_/, "")}` : "KMS key";
}

/** Resources of the same stack that reference `target` (its versioning, encryption, ... blocks). */
function attached(env: EnvironmentModel, target: Resource, type: string): Resource[] {
  const known = new Set([`${target.stack}/${target.address}`]);
  return env.resources.filter((r) => r.stack === target.stack && r.type === type && referencesOf(r, known).length > 0);
}

type Describe = (r: Resource, env: EnvironmentModel) => string;

const DESCRIBE: Record<string, Describe> = {
  aws_vpc: (r) => `VPC ${r.config.cidr_block}`,
  aws_nat_gateway: (r) => `NAT gateway ${displayName(r)}`,
  aws_vpc_endpoint: (r) => {
    const service = String(r.config.service_name).split(".").slice(-2).join(".").replace(/^.*\}\./, "");
    const azs = Array.isArray(r.config.subnet_ids) ? `, ${r.config.subnet_ids.length} AZ(s)` : "";
    return `${r.config.vpc_endpoint_type ?? "Gateway"} endpoint ${service}${azs}`;
  },
  aws_flow_log: (r) => `flow log of ${r.config.traffic_type ?? "?"} traffic, ${r.config.max_aggregation_interval ?? 600} s aggregation`,
  aws_db_instance: (r, env) => {
    const c = r.config;
    const entry = catalogEntry("postgres", c.engine_version);
    const role = c.replicate_source_db ? `read replica of ${unresolved(c.replicate_source_db) ? "the primary" : c.replicate_source_db}` : "primary";
    return (
      `${c.engine} ${c.engine_version ?? "(from source)"} (${support(entry?.endOfStandardSupport)}), ${c.instance_class}, ` +
      `Multi-AZ ${yesNo(c.multi_az)}, ${c.allocated_storage ?? "?"}–${c.max_allocated_storage ?? c.allocated_storage ?? "?"} GiB ` +
      `${c.storage_type ?? "gp2"}, encrypted ${yesNo(c.storage_encrypted)} (${keyName(c.kms_key_id, env)}), backups ` +
      `${c.backup_retention_period ?? 0} days, deletion protection ${yesNo(c.deletion_protection)}, ${role}`
    );
  },
  aws_elasticache_replication_group: (r, env) => {
    const c = r.config;
    const entry = catalogEntry("valkey", c.engine_version);
    const shape = c.num_node_groups
      ? `${c.num_node_groups} shard(s) × ${Number(c.replicas_per_node_group ?? 0) + 1} node(s)`
      : `${c.num_cache_clusters ?? 1} node(s)`;
    return (
      `${c.engine} ${c.engine_version} (${support(entry?.endOfStandardSupport)}), ${c.node_type}, ${shape}, cluster mode ` +
      `${c.cluster_mode ?? "disabled"}, Multi-AZ ${yesNo(c.multi_az_enabled)}, at rest ${keyName(c.kms_key_id, env)}, ` +
      `in transit ${yesNo(c.transit_encryption_enabled)}, snapshots ${c.snapshot_retention_limit ?? 0} days`
    );
  },
  aws_mq_broker: (r, env) => {
    const c = r.config;
    const entry = catalogEntry("rabbitmq", c.engine_version);
    return (
      `${c.engine_type} ${c.engine_version} (${support(entry?.endOfStandardSupport)}), ${c.host_instance_type}, ` +
      `${c.deployment_mode}, public ${yesNo(c.publicly_accessible)}, key ${keyName(c.encryption_options?.kms_key_id, env)}`
    );
  },
  aws_msk_cluster: (r, env) => {
    const c = r.config;
    const entry = catalogEntry("kafka", c.kafka_version);
    const info = c.broker_node_group_info ?? {};
    return (
      `Kafka ${c.kafka_version} (${support(entry?.endOfStandardSupport)}), ${c.number_of_broker_nodes} × ${info.instance_type}, ` +
      `${info.storage_info?.ebs_storage_info?.volume_size ?? "?"} GiB each, key ${keyName(c.encryption_info?.encryption_at_rest_kms_key_arn, env)}`
    );
  },
  aws_sqs_queue: (r, env) =>
    `queue ${displayName(r)}: retention ${Math.round(Number(r.config.message_retention_seconds ?? 345600) / 86400)} days, ` +
    `key ${keyName(r.config.kms_master_key_id, env)}${r.config.redrive_policy ? ", dead-letter queue" : ""}`,
  aws_s3_bucket: (r, env) => {
    const versioning = attached(env, r, "aws_s3_bucket_versioning")[0]?.config.versioning_configuration?.status ?? "off";
    const sse = attached(env, r, "aws_s3_bucket_server_side_encryption_configuration")[0]?.config.rule?.[0]
      ?.apply_server_side_encryption_by_default;
    const replicated = attached(env, r, "aws_s3_bucket_replication_configuration").length > 0;
    return (
      `bucket ${displayName(r)}: versioning ${versioning}, encryption ${sse?.sse_algorithm ?? "SSE-S3"} ` +
      `(${sse?.kms_master_key_id ? keyName(sse.kms_master_key_id, env) : "S3-managed"})${replicated ? ", replicated to the DR region" : ""}`
    );
  },
  aws_eks_cluster: (r, env) => {
    const c = r.config;
    const release = KUBERNETES_RELEASES[String(c.version)];
    const access = c.vpc_config?.endpoint_public_access ? "public and private endpoint" : "private endpoint";
    return (
      `EKS ${c.name}, Kubernetes ${c.version} (${support(release?.endOfStandardSupport)}` +
      `${release ? `, extended until ${release.endOfExtendedSupport}` : ""}), ${access}, secrets encrypted with ` +
      `${keyName(c.encryption_config?.provider?.key_arn, env)}, ${(c.enabled_cluster_log_types ?? []).length} control-plane log types`
    );
  },
  aws_eks_node_group: (r, env) => {
    const c = r.config;
    const s = c.scaling_config ?? {};
    const template = env.resources.find((t) => t.type === "aws_launch_template" && String(c.launch_template?.id).includes(t.name));
    const disk = template?.config.block_device_mappings?.[0]?.ebs;
    return (
      `node group ${c.labels?.nodegroup ?? displayName(r)}: ${(c.instance_types ?? []).join("/")}, ${c.capacity_type ?? "ON_DEMAND"}, ` +
      `desired ${s.desired_size} (min ${s.min_size}, max ${s.max_size}), ${c.ami_type}` +
      (disk ? `, ${disk.volume_size} GiB ${disk.volume_type} encrypted ${yesNo(disk.encrypted)}` : "")
    );
  },
  aws_eks_addon: (r) => `add-on ${r.config.addon_name} ${r.config.addon_version}`,
  helm_release: (r) => {
    const pinned = (HELM_CHARTS as Record<string, { endOfStandardSupport: string | null }>)[String(r.config.name)];
    return `Helm ${r.config.name}: chart ${r.config.chart} ${r.config.version ?? ""} in ${r.config.namespace}` +
      (pinned ? ` (${support(pinned.endOfStandardSupport)})` : "");
  },
  aws_lambda_function: (r) => {
    const c = r.config;
    return (
      `function ${displayName(r)}: ${c.runtime}, ${(c.architectures ?? ["x86_64"]).join("/")}, ${c.memory_size} MB, ` +
      `${c.timeout} s, reserved concurrency ${c.reserved_concurrent_executions ?? "none"}, in VPC ${yesNo(Boolean(c.vpc_config))}`
    );
  },
  aws_apigatewayv2_api: (r) => `${r.config.protocol_type} API ${displayName(r)}`,
  aws_wafv2_web_acl: (r) => `web ACL ${displayName(r)} (${r.config.scope}): ${(r.config.rule ?? []).length} rule(s), default ${Object.keys(r.config.default_action ?? {})[0]}`,
  aws_cloudtrail: (r) => `trail ${displayName(r)}: multi-region ${yesNo(r.config.is_multi_region_trail)}, log file validation ${yesNo(r.config.enable_log_file_validation)}`,
  aws_guardduty_detector: (r, env) => {
    const features = env.resources.filter((f) => f.type === "aws_guardduty_detector_feature" && f.stack === r.stack);
    return `GuardDuty: ${features.map((f) => f.config.name).join(", ") || "base detector"}`;
  },
  aws_securityhub_account: (r, env) => {
    const standards = env.resources.filter((f) => f.type === "aws_securityhub_standards_subscription" && f.stack === r.stack);
    return `Security Hub with ${standards.length} standard(s)`;
  },
  aws_s3_bucket_replication_configuration: (r) => {
    const rule = r.config.rule?.[0] ?? {};
    const destination = String(rule.destination?.bucket ?? "").replace(/^.*:::/, "");
    return `replication to ${destination}: RTC ${rule.destination?.replication_time ? "on (15 min)" : "off"}, delete markers ${rule.delete_marker_replication?.status ?? "?"}`;
  },
  aws_ecr_repository: (r, env) => `repository ${displayName(r)}: tags ${r.config.image_tag_mutability}, key ${keyName(r.config.encryption_configuration?.[0]?.kms_key ?? r.config.encryption_configuration?.kms_key, env)}`,
};

/** Types summarised over all their resources in one line rather than one line each. */
const SUMMARIES: Record<string, (rs: Resource[], env: EnvironmentModel) => string> = {
  aws_subnet: (rs) => {
    const byTier = new Map<string, Resource[]>();
    for (const r of rs) byTier.set(r.config.tags?.tier ?? "untiered", [...(byTier.get(r.config.tags?.tier ?? "untiered") ?? []), r]);
    return [...byTier].map(([tier, subnets]) => `${tier} ${subnets.map((s) => `${String(s.config.availability_zone).slice(-1)} ${s.config.cidr_block}`).join(", ")}`).join("; ");
  },
  aws_cloudwatch_log_group: (rs, env) => {
    const days = rs.map((r) => Number(r.config.retention_in_days ?? 0));
    const encrypted = rs.filter((r) => r.config.kms_key_id).length;
    return `${rs.length} log groups, retention ${Math.min(...days)}–${Math.max(...days)} days, ${encrypted} with a KMS key (${[...new Set(rs.map((r) => keyName(r.config.kms_key_id, env)))].length} distinct)`;
  },
  aws_kms_key: (rs) => `${rs.length} KMS keys, rotation on ${rs.filter((r) => r.config.enable_key_rotation).length}, deletion window ${[...new Set(rs.map((r) => r.config.deletion_window_in_days ?? 30))].join("/")} days`,
  aws_secretsmanager_secret: (rs, env) => `${rs.length} secrets (${rs.map((r) => `${displayName(r)}: ${keyName(r.config.kms_key_id, env)}`).join("; ")})`,
  aws_cloudwatch_metric_alarm: (rs) => `${rs.length} metric alarms`,
};

export function buildInventory(env: EnvironmentModel): InventorySection[] {
  const sections = new Map<ServiceId, { lines: InventoryLine[]; counts: Record<string, number> }>();
  const section = (id: ServiceId) => sections.get(id) ?? sections.set(id, { lines: [], counts: {} }).get(id)!;
  const byType = new Map<string, Resource[]>();
  for (const r of env.resources) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  for (const [type, resources] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
    const cls = classify(type);
    const target = section(cls.service);
    const summary = SUMMARIES[type];
    const describe = DESCRIBE[type];
    if (summary) {
      target.lines.push({ address: type, stack: [...new Set(resources.map((r) => r.stack))].join(", "), text: `${cls.label}s: ${summary(resources, env)}` });
    } else if (describe) {
      for (const r of resources) target.lines.push({ address: r.address, stack: r.stack, text: describe(r, env) });
    } else {
      target.counts[cls.service === "other" ? type : cls.label] = resources.length;
    }
  }
  return (Object.keys(SERVICES) as ServiceId[])
    .filter((id) => sections.has(id))
    .map((id) => ({ service: id, title: SERVICES[id], ...sections.get(id)! }));
}
