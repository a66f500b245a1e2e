// The architecture diagram as Graphviz DOT, built from the synthesized stacks: the VPC and its subnets by tier and
// AZ (clusters), the services placed where their subnets are, the data flow read from the resources that connect
// services (bucket notifications, event source mappings, API integrations, handlers' references to the data tier),
// and the replication arrows to the recovery region. Graphviz lays it out (report/render.ts).
import { classify, type ServiceId } from "./classify";
import { displayName, referencesOf, type EnvironmentModel, type Resource } from "./model";

interface Placement {
  /** "vpc/<tier>/<az>", "vpc/<tier>", "vpc", "region" or "edge". */
  readonly where: string;
}

const COLORS: Partial<Record<ServiceId, string>> = {
  network: "#e8f0fe", edge: "#fde7e9", data: "#e6f4ea", messaging: "#fef7e0", storage: "#f3e8fd",
  cluster: "#e0f7fa", workloads: "#e0f7fa", handlers: "#fff3e0", dr: "#fce8e6",
};

/** Resources that connect two services: the types they link, the direction and the label of the arrow. */
const CONNECTORS: Record<string, { from: string; to: string; label: string }> = {
  aws_s3_bucket_notification: { from: "aws_s3_bucket", to: "aws_sqs_queue", label: "object created" },
  aws_lambda_event_source_mapping: { from: "aws_sqs_queue", to: "aws_lambda_function", label: "batches" },
  aws_apigatewayv2_integration: { from: "aws_apigatewayv2_api", to: "aws_lambda_function", label: "invokes" },
  aws_wafv2_web_acl_association: { from: "aws_wafv2_web_acl", to: "*", label: "filters" },
};

/** Services that read or write the data tier when they reference it. */
const CLIENT_SERVICES = new Set<ServiceId>(["handlers", "cluster", "workloads"]);
const DATA_SERVICES = new Set<ServiceId>(["data", "messaging", "storage"]);

const esc = (s: string) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
const id = (s: string) => `"${esc(s)}"`;

function shortLabel(r: Resource): string {
  const c = r.config;
  const name = displayName(r).replace(/^aec-platform-[a-z-]*?-(?=[a-z]+$)/, "");
  switch (r.type) {
    case "aws_db_instance":
      return `RDS ${c.engine} ${c.engine_version ?? ""}\n${c.instance_class}${c.multi_az ? ", Multi-AZ" : ""}${c.replicate_source_db ? "\nread replica" : ""}`;
    case "aws_elasticache_replication_group":
      return `ElastiCache ${c.engine} ${c.engine_version}\n${c.node_type}${c.num_node_groups ? `, ${c.num_node_groups} shards` : ""}`;
    case "aws_mq_broker":
      return `Amazon MQ ${c.engine_type} ${c.engine_version}\n${c.host_instance_type}, ${String(c.deployment_mode).toLowerCase()}`;
    case "aws_eks_cluster":
      return `EKS ${c.name}\nKubernetes ${c.version}`;
    case "aws_eks_node_group":
      return `nodes: ${c.labels?.nodegroup ?? name}\n${c.scaling_config?.desired_size} × ${c.instance_types?.[0]}${c.capacity_type === "SPOT" ? " (Spot)" : ""}`;
    case "aws_lambda_function":
      return `λ ${name}\n${c.memory_size} MB`;
    case "aws_s3_bucket":
      return `S3 ${name.replace(/^buckets_|_bucket$/g, "")}`;
    case "aws_sqs_queue":
      return `SQS ${name}`;
    case "aws_nat_gateway":
      return "NAT gateway";
    default:
      return `${classify(r.type).label}\n${name}`;
  }
}

export interface Diagram {
  readonly dot: string;
  /** The labels of every node drawn, for tests and the report. */
  readonly labels: readonly string[];
}

export function buildDiagram(env: EnvironmentModel): Diagram {
  const resources = env.resources.filter((r) => !r.stack.endsWith("-bootstrap"));
  const known = new Set(resources.map((r) => `${r.stack}/${r.address}`));
  const byAddress = new Map(resources.map((r) => [`${r.stack}/${r.address}`, r]));
  const subnets = resources.filter((r) => r.type === "aws_subnet");
  const subnetOf = new Map(subnets.map((s) => [`${s.stack}/${s.address}`, s]));

  const placementOf = (r: Resource): Placement => {
    const found = new Set<Resource>();
    for (const ref of referencesOf(r, known)) {
      const key = `${r.stack}/${ref}`;
      const subnet = subnetOf.get(key);
      if (subnet) found.add(subnet);
      else {
        const via = byAddress.get(key);
        // One hop through a subnet group (database, cache), which is not a node itself.
        if (via && !classify(via.type).node) for (const s of referencesOf(via, known)) subnetOf.get(`${r.stack}/${s}`) && found.add(subnetOf.get(`${r.stack}/${s}`)!);
      }
    }
    const tiers = new Set([...found].map((s) => s.config.tags?.tier ?? "subnets"));
    const azs = new Set([...found].map((s) => s.config.availability_zone));
    if (found.size === 0) return { where: classify(r.type).service === "edge" ? "edge" : "region" };
    if (tiers.size > 1) return { where: "vpc" };
    const tier = [...tiers][0];
    return { where: azs.size === 1 ? `vpc/${tier}/${[...azs][0]}` : `vpc/${tier}` };
  };

  const nodes = new Map<string, { label: string; service: ServiceId; where: string; extra?: string }>();
  const edges: string[] = [];
  const nodeKey = (r: Resource) => `${r.stack}/${r.address}`;
  const grouped = new Map<string, Resource[]>();
  for (const r of resources) {
    const cls = classify(r.type);
    if (!cls.node) continue;
    const where = placementOf(r).where;
    if (r.type === "aws_vpc_endpoint" && r.config.vpc_endpoint_type === "Interface") {
      grouped.set(where, [...(grouped.get(where) ?? []), r]);
      continue;
    }
    nodes.set(nodeKey(r), { label: shortLabel(r), service: cls.service, where });
  }
  for (const [where, endpoints] of grouped) {
    const names = endpoints.map((e) => String(e.config.service_name).replace(/^.*\}\./, "")).sort();
    const label = `${endpoints.length} interface endpoints\n${names.join(", ").replace(/(.{1,40})(, |$)/g, "$1\n").trim()}`;
    nodes.set(`endpoints/${where}`, { label, service: "network", where });
  }

  // In-cluster workloads (Helm releases and Kubernetes objects of the cluster-addons stack): one node.
  const releases = env.resources.filter((r) => r.type === "helm_release").map((r) => String(r.config.name)).sort();
  const cluster = resources.find((r) => r.type === "aws_eks_cluster");
  if (releases.length > 0) {
    const where = cluster ? placementOf(cluster).where : "region";
    nodes.set("workloads", { label: `in-cluster (Helm)\n${releases.join(", ").replace(/(.{1,44})(, |$)/g, "$1\n").trim()}`, service: "workloads", where });
    if (cluster) edges.push(`${id(nodeKey(cluster))} -> ${id("workloads")} [style=dashed, label="runs"]`);
  }

  const edge = (from: string, to: string, label: string, attrs = "") => {
    if (nodes.has(from) && nodes.has(to) && from !== to) edges.push(`${id(from)} -> ${id(to)} [label="${esc(label)}"${attrs}]`);
  };
  for (const r of resources) {
    const connector = CONNECTORS[r.type];
    if (connector) {
      const refs = referencesOf(r, known).map((a) => byAddress.get(`${r.stack}/${a}`)!).filter(Boolean);
      for (const from of refs.filter((x) => x.type === connector.from))
        for (const to of refs.filter((x) => connector.to === "*" || x.type === connector.to)) if (to !== from) edge(nodeKey(from), nodeKey(to), connector.label);
    }
    const cls = classify(r.type);
    if (cls.node && CLIENT_SERVICES.has(cls.service)) {
      for (const a of referencesOf(r, known)) {
        const target = byAddress.get(`${r.stack}/${a}`);
        if (target && DATA_SERVICES.has(classify(target.type).service) && target.type !== "aws_sqs_queue") edge(nodeKey(r), nodeKey(target), "reads/writes");
      }
    }
  }
  // The workers consume the broker's file events and record results: the kit's contract, not a Terraform reference.
  const broker = resources.find((r) => r.type === "aws_mq_broker" || r.type === "aws_msk_cluster");
  const database = resources.find((r) => r.type === "aws_db_instance");
  if (broker && nodes.has("workloads")) edge(nodeKey(broker), "workloads", "file events → workers");
  if (database && nodes.has("workloads")) edge("workloads", nodeKey(database), "results");

  // Entry points: clients call the API (or its CDN) and upload to the bucket that notifies a queue.
  nodes.set("clients", { label: "clients", service: "edge", where: "outside" });
  const cdn = resources.find((r) => r.type === "aws_cloudfront_distribution");
  const api = resources.find((r) => r.type === "aws_apigatewayv2_api");
  if (cdn) edge("clients", nodeKey(cdn), "HTTPS");
  else if (api) edge("clients", nodeKey(api), "HTTPS");
  for (const n of resources.filter((r) => r.type === "aws_s3_bucket_notification"))
    for (const a of referencesOf(n, known)) if (a.startsWith("aws_s3_bucket.")) edge("clients", `${n.stack}/${a}`, "upload");

  // Disaster recovery: replication out of this region, replicas fed from another.
  const drEdges: string[] = [];
  const drNodes: string[] = [];
  for (const r of resources) {
    if (r.type === "aws_s3_bucket_replication_configuration") {
      const source = referencesOf(r, known).find((a) => a.startsWith("aws_s3_bucket."));
      const destination = String(r.config.rule?.[0]?.destination?.bucket ?? "").replace(/^.*:::/, "").replace(/-\$\{[^}]*\}/g, "");
      const region = /:kms:([a-z0-9-]+):/.exec(JSON.stringify(r.config))?.[1] ?? "recovery region";
      const target = `dr/${destination}`;
      drNodes.push(`${id(target)} [label="S3 ${esc(destination)}\\n(${esc(region)})", fillcolor="${COLORS.dr}"]`);
      if (source) drEdges.push(`${id(`${r.stack}/${source}`)} -> ${id(target)} [label="S3 replication (RTC)", color="#c5221f", fontcolor="#c5221f", style=bold]`);
    }
    if (r.type === "aws_db_instance" && typeof r.config.replicate_source_db === "string") {
      const source = r.config.replicate_source_db;
      const region = /^arn:[^:]+:rds:([a-z0-9-]+):/.exec(source)?.[1] ?? "primary region";
      drNodes.push(`${id("dr/primary-db")} [label="primary database\\n(${esc(region)})", fillcolor="${COLORS.dr}"]`);
      drEdges.push(`${id("dr/primary-db")} -> ${id(nodeKey(r))} [label="cross-region replica", color="#c5221f", fontcolor="#c5221f", style=bold]`);
    }
    if (r.type === "aws_ecr_replication_configuration") {
      const region = JSON.stringify(r.config).match(/"region":"([a-z0-9-]+)"/)?.[1] ?? "recovery region";
      drNodes.push(`${id("dr/images")} [label="container images\\n(${esc(region)})", fillcolor="${COLORS.dr}"]`);
      const repo = resources.find((x) => x.type === "aws_ecr_repository");
      nodes.set(repo ? nodeKey(repo) : "ecr", { label: "ECR repository", service: "cluster", where: "region" });
      drEdges.push(`${id(repo ? nodeKey(repo) : "ecr")} -> ${id("dr/images")} [label="ECR replication", color="#c5221f", fontcolor="#c5221f", style=bold]`);
    }
  }

  return { dot: render(env, resources, nodes, [...new Set(edges)], drNodes, drEdges), labels: [...nodes.values()].map((n) => n.label) };
}

function render(
  env: EnvironmentModel,
  resources: readonly Resource[],
  nodes: Map<string, { label: string; service: ServiceId; where: string }>,
  edges: readonly string[],
  drNodes: readonly string[],
  drEdges: readonly string[],
): string {
  const out: string[] = [];
  const node = (key: string, n: { label: string; service: ServiceId }) =>
    `${id(key)} [label="${esc(n.label).replace(/\n/g, "\\n")}", fillcolor="${COLORS[n.service] ?? "#f1f3f4"}"]`;
  const at = (where: string) => [...nodes].filter(([, n]) => n.where === where).map(([k, n]) => node(k, n));
  const vpc = resources.find((r) => r.type === "aws_vpc");
  const subnets = resources.filter((r) => r.type === "aws_subnet");
  const tiers = [...new Set(subnets.map((s) => s.config.tags?.tier ?? "subnets"))];
  const order = ["public", "private", "data"];
  tiers.sort((a, b) => (order.indexOf(a) + 99) % 102 - ((order.indexOf(b) + 99) % 102) || a.localeCompare(b));

  out.push("digraph architecture {");
  out.push(`  graph [rankdir=TB, fontname="Helvetica", fontsize=14, labelloc=t, newrank=true, nodesep=0.25, ranksep=0.7, pad=0.3, label="${esc(env.name)}: architecture from the synthesized stacks (${esc(env.stacks.join(", "))})"];`);
  out.push(`  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, margin="0.3,0.08"];`);
  out.push(`  edge [fontname="Helvetica", fontsize=9, color="#5f6368"];`);
  out.push(...at("outside").map((n) => `  ${n}`));
  out.push(`  subgraph cluster_region { label="${esc(env.region)}"; style=rounded; color="#9aa0a6";`);
  out.push(`    subgraph cluster_edge { label="edge"; style="rounded,dashed"; ${at("edge").join("; ")} }`);
  out.push(...at("region").map((n) => `    ${n}`));
  if (vpc) {
    out.push(`    subgraph cluster_vpc { label="VPC ${esc(String(vpc.config.cidr_block))}"; style="rounded"; color="#1a73e8";`);
    out.push(...at("vpc").map((n) => `      ${n}`));
    for (const tier of tiers) {
      out.push(`      subgraph "cluster_${esc(tier)}" { label="${esc(tier)} subnets"; style="rounded,filled"; fillcolor="#f8f9fa"; color="#dadce0";`);
      out.push(...at(`vpc/${tier}`).map((n) => `        ${n}`));
      for (const s of subnets.filter((x) => (x.config.tags?.tier ?? "subnets") === tier).sort((a, b) => String(a.config.availability_zone).localeCompare(String(b.config.availability_zone)))) {
        const az = String(s.config.availability_zone);
        out.push(`        subgraph "cluster_${esc(tier)}_${esc(az)}" { label="${esc(az)}"; style="rounded"; color="#bdc1c6";`);
        out.push(`          ${id(`subnet/${tier}/${az}`)} [label="${esc(String(s.config.cidr_block))}", shape=plaintext, style="", fontsize=9];`);
        out.push(...at(`vpc/${tier}/${az}`).map((n) => `          ${n}`));
        out.push("        }");
      }
      out.push("      }");
    }
    out.push("    }");
  }
  out.push("  }");
  if (drNodes.length > 0) {
    out.push(`  subgraph cluster_dr { label="disaster recovery"; style="rounded,dashed"; color="#c5221f"; fontcolor="#c5221f";`);
    out.push(...[...new Set(drNodes)].map((n) => `    ${n}`));
    out.push("  }");
  }
  out.push(...edges.map((e) => `  ${e};`), ...[...new Set(drEdges)].map((e) => `  ${e};`));
  out.push("}");
  return `${out.join("\n")}\n`;
}
