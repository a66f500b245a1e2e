import { Testing, type TerraformStack } from "cdktf";
import { platform, prod, prodDr } from "../../config/environments";
import type { ProjectConfig } from "../../config/types";
import { buildPlatform, type BuildOptions } from "../../stacks/app";
import { evaluate, KIT_RULES } from "../../constructs/policy";
import { TERRAFORM_REQUIRED_VERSION } from "../../stacks/backend";
import { resourcesOf, type SynthJson } from "../helpers";

type FullJson = SynthJson & {
  terraform: { backend: Record<string, Record<string, unknown>>; required_version?: string };
  provider: { aws: Record<string, unknown>[] };
  import?: { to: string; id: string }[];
};

function build(options: BuildOptions = {}, config: ProjectConfig = platform) {
  const app = Testing.app();
  const envStacks = buildPlatform(app, config, options);
  const stacks = app.node.children as TerraformStack[];
  const byId = (id: string) => stacks.find((s) => s.node.id === id);
  const json = (id: string) => byId(id)!.toTerraform() as FullJson;
  return { app, envStacks, stacks, byId, json };
}

const only = <T>(record: Record<string, T>): T => {
  const values = Object.values(record);
  expect(values).toHaveLength(1);
  return values[0];
};

const { stacks, byId, json } = build();
const west = json("bootstrap-us-west-2");
const east = json("bootstrap-us-east-1");

describe("bootstrap stacks", () => {
  it("are one per state bucket, named by region, beside the environments' stacks", () => {
    expect(stacks.map((s) => s.node.id).filter((id) => id.startsWith("bootstrap-"))).toEqual(["bootstrap-us-west-2", "bootstrap-us-east-1"]);
    expect(west.provider.aws[0]).toMatchObject({
      region: "us-west-2",
      default_tags: [{ tags: { project: "aec-platform", environment: "bootstrap", "managed-by": "cdktf" } }],
    });
    expect(east.provider.aws[0]).toMatchObject({ region: "us-east-1" });
  });

  it("keep their own state in the bucket they create, under bootstrap/", () => {
    expect(west.terraform.backend.s3).toEqual({
      bucket: "aec-platform-tfstate-us-west-2",
      region: "us-west-2",
      key: "bootstrap/bootstrap-us-west-2.tfstate",
      encrypt: true,
      use_lockfile: true,
    });
    expect(east.terraform.backend.s3).toMatchObject({ bucket: "aec-platform-tfstate-us-east-1", region: "us-east-1" });
  });

  it("start from local state for the very first apply, when the bucket does not exist yet", () => {
    const local = build({ backend: "local" }).json("bootstrap-us-west-2");
    expect(local.terraform.backend).toEqual({ local: { path: "../../../terraform.bootstrap-us-west-2.tfstate" } });
  });

  it("create the state bucket: KMS under its own key, versioned, public access blocked, old versions expiring", () => {
    const buckets = Object.values(resourcesOf(west, "aws_s3_bucket"));
    expect(buckets.map((b) => b.bucket)).toEqual(expect.arrayContaining(["aec-platform-tfstate-us-west-2", "aec-platform-tfstate-us-west-2-access-logs"]));
    for (const bucket of buckets) expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    const state = Object.entries(resourcesOf(west, "aws_s3_bucket")).find(([, b]) => b.bucket === "aec-platform-tfstate-us-west-2")![0];
    const forState = <T extends Record<string, unknown>>(type: string) =>
      Object.values(resourcesOf(west, type)).find((r) => String(r.bucket).includes(`aws_s3_bucket.${state}.`)) as T;
    const sse = forState<{ rule: { apply_server_side_encryption_by_default: { sse_algorithm: string; kms_master_key_id: string } }[] }>(
      "aws_s3_bucket_server_side_encryption_configuration",
    );
    expect(JSON.stringify(sse.rule)).toContain('"sse_algorithm":"aws:kms"');
    expect(JSON.stringify(sse.rule)).toMatch(/aws_kms_key\.state_key_[0-9A-F]{8}\.arn/);
    expect(forState("aws_s3_bucket_versioning")).toMatchObject({ versioning_configuration: { status: "Enabled" } });
    expect(forState("aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(JSON.stringify(forState("aws_s3_bucket_lifecycle_configuration"))).toContain('"noncurrent_days":90');
    expect(JSON.stringify(forState("aws_s3_bucket_logging"))).toContain("s3-access/");
  });

  it("allow only TLS to the state bucket", () => {
    const policies = Object.values(resourcesOf(west, "aws_s3_bucket_policy")).map((p) => String(p.policy));
    for (const policy of policies) expect(policy).toContain('"aws:SecureTransport":"false"');
  });

  it("pass the policy pack with no failing finding", () => {
    for (const stack of [west, east]) {
      const failing = evaluate(stack, KIT_RULES).findings.filter((f) => f.status === "fail");
      expect(failing).toEqual([]);
    }
  });
});

describe("service-linked roles", () => {
  const serviceLinked = (j: FullJson) => Object.values(resourcesOf(j, "aws_iam_service_linked_role")).map((r) => r.aws_service_name);

  it("every service-linked role a platform stack names is created by the bootstrap stack of its account", () => {
    const named = new Set<string>();
    for (const stack of stacks.filter((s) => !s.node.id.startsWith("bootstrap-"))) {
      for (const m of JSON.stringify(stack.toTerraform()).matchAll(/:role\/aws-service-role\/([a-z0-9.-]+)\//g)) named.add(m[1]!);
    }
    expect([...named]).toEqual(["autoscaling.amazonaws.com"]);
    // prod-dr shares prod's account: IAM is global, so the role is created once, in us-west-2.
    expect(serviceLinked(west)).toEqual([...named]);
    expect(serviceLinked(east)).toEqual([]);
  });

  it("are kept on destroy, and created (not imported) in a fresh account", () => {
    const role = only(resourcesOf(west, "aws_iam_service_linked_role"));
    expect(role.lifecycle).toEqual({ prevent_destroy: true });
    expect(west.import).toBeUndefined();
  });

  it("are imported instead of created where the account already has them", () => {
    const adopted = build({}, { ...platform, bootstrap: { adoptServiceLinkedRoles: ["autoscaling.amazonaws.com"] } }).json("bootstrap-us-west-2");
    expect(adopted.import).toEqual([
      {
        to: expect.stringMatching(/^aws_iam_service_linked_role\.service-linked-roles_autoscalingamazonawscom_[0-9A-F]{8}$/),
        id: "arn:${data.aws_partition.aws-context-partition.partition}:iam::${data.aws_caller_identity.aws-context-account.account_id}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
      },
    ]);
  });

  it("are not asked of the recovery region's bootstrap even when prod-dr is synthesized alone in failover", () => {
    const alone = build({ only: "prod-dr", drMode: "failover" });
    expect(alone.stacks.map((s) => s.node.id).filter((id) => id.startsWith("bootstrap-"))).toEqual(["bootstrap-us-east-1"]);
    expect(serviceLinked(alone.json("bootstrap-us-east-1"))).toEqual([]);
  });
});

describe("every stack", () => {
  it(`requires Terraform ${TERRAFORM_REQUIRED_VERSION} (write-only arguments, ephemeral resources, S3 lockfile)`, () => {
    for (const stack of stacks) {
      expect({ stack: stack.node.id, version: (stack.toTerraform() as FullJson).terraform.required_version }).toEqual({
        stack: stack.node.id,
        version: TERRAFORM_REQUIRED_VERSION,
      });
    }
  });
});

describe("bootstrap validation", () => {
  it("fails when environments keep state in two buckets of one region", () => {
    const other = { ...prod, name: "qa", network: { ...prod.network, vpcCidr: "10.30.0.0/16" }, state: { bucket: "another-tfstate-us-west-2", region: "us-west-2" as const } };
    expect(() => build({}, { ...platform, environments: [prod, prodDr, other] })).toThrow(
      'qa.state.bucket: got "another-tfstate-us-west-2"; expected the state bucket of region us-west-2 (aec-platform-tfstate-us-west-2)',
    );
  });

  it("fails when one bucket is named in two regions", () => {
    const moved = { ...prodDr, state: { bucket: "aec-platform-tfstate-us-west-2", region: "us-east-1" as const } };
    expect(() => build({}, { ...platform, environments: [prod, moved] })).toThrow(
      'prod-dr.state.region: got "us-east-1"; expected us-west-2, where another environment keeps state in bucket aec-platform-tfstate-us-west-2',
    );
  });

  it("fails for an adopted role that is not a service principal", () => {
    expect(() => build({}, { ...platform, bootstrap: { adoptServiceLinkedRoles: ["AWSServiceRoleForAutoScaling"] } })).toThrow(
      'bootstrap.adoptServiceLinkedRoles: got "AWSServiceRoleForAutoScaling"; expected a service principal such as autoscaling.amazonaws.com',
    );
  });

  it("matches its snapshot", () => {
    expect(JSON.stringify(byId("bootstrap-us-west-2")!.toTerraform(), null, 2)).toMatchSnapshot();
  });
});
