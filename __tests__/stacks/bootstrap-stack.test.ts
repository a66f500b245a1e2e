import { Testing, type TerraformStack } from "cdktf";
import { platform, prod, prodDr } from "../../config/environments";
import { standardSubnets } from "../../config/subnet-plan";
import type { ProjectConfig } from "../../config/types";
import { buildPlatform, type BuildOptions } from "../../stacks/app";
import { collectSuppressions, evaluate, KIT_RULES } from "../../constructs/policy";
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
  // Resolving a stack is the expensive part of a test: once per stack.
  const resolved = new Map<string, FullJson>();
  const json = (id: string) => {
    if (!resolved.has(id)) resolved.set(id, byId(id)!.toTerraform() as FullJson);
    return resolved.get(id)!;
  };
  return { app, envStacks, stacks, byId, json };
}

/** The shipped configuration with one environment's service-linked roles adopted instead of created. */
const adopting = (name: string, services: string[]): ProjectConfig => ({
  ...platform,
  environments: platform.environments.map((e) => (e.name === name ? { ...e, bootstrap: { adoptServiceLinkedRoles: services } } : e)),
});

const only = <T>(record: Record<string, T>): T => {
  const values = Object.values(record);
  expect(values).toHaveLength(1);
  return values[0];
};

const isBootstrap = (id: string) => id.endsWith("-bootstrap");
const { stacks, byId, json } = build();
const west = json("prod-bootstrap");
const east = json("prod-dr-bootstrap");

describe("bootstrap stacks", () => {
  it("are one per state bucket (an account and region), named after the first environment using it", () => {
    const firstOfBucket = platform.environments.filter((e, i, all) => all.findIndex((o) => o.state.bucket === e.state.bucket) === i);
    expect(stacks.map((s) => s.node.id).filter(isBootstrap)).toEqual(firstOfBucket.map((e) => `${e.name}-bootstrap`));
    expect(firstOfBucket.map((e) => e.name)).toEqual(expect.arrayContaining(["dev", "staging", "prod", "prod-dr"]));
    expect(west.provider.aws[0]).toMatchObject({
      region: "us-west-2",
      default_tags: [{ tags: { project: "aec-platform", environment: "prod", "managed-by": "cdktf" } }],
    });
    expect(east.provider.aws[0]).toMatchObject({ region: "us-east-1" });
  });

  it("keep their own state in the bucket they create, under the environment's key", () => {
    expect(west.terraform.backend.s3).toEqual({
      bucket: "aec-platform-tfstate-us-west-2",
      region: "us-west-2",
      key: "prod/prod-bootstrap.tfstate",
      use_lockfile: true,
    });
    expect(east.terraform.backend.s3).toMatchObject({ bucket: "aec-platform-tfstate-us-east-1", region: "us-east-1" });
    expect(json("dev-bootstrap").terraform.backend.s3).toMatchObject({ bucket: "aec-platform-dev-tfstate-us-west-2", key: "dev/dev-bootstrap.tfstate" });
  });

  it("start from local state for the very first apply, when the bucket does not exist yet", () => {
    const local = build({ backend: "local", only: "prod" }).json("prod-bootstrap");
    expect(local.terraform.backend).toEqual({ local: { path: "../../../terraform.prod-bootstrap.tfstate" } });
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

  it("pass the policy pack with no failing finding, the pipeline's deploy roles excepted by name and reason", () => {
    for (const id of ["prod-bootstrap", "prod-dr-bootstrap"]) {
      const report = evaluate(json(id), KIT_RULES, { suppressions: collectSuppressions(byId(id)!) });
      expect(report.findings.filter((f) => f.status === "fail")).toEqual([]);
      const suppressed = report.findings.filter((f) => f.status === "suppressed");
      expect(suppressed.map((f) => [f.rule, f.path])).toEqual([["KIT-IAM-006", `${id}/ci/${id.replace("-bootstrap", "")}-deploy-admin`]]);
    }
  });
});

describe("service-linked roles", () => {
  const serviceLinked = (j: FullJson) => Object.values(resourcesOf(j, "aws_iam_service_linked_role")).map((r) => r.aws_service_name);

  it("every service-linked role a platform stack names is created by the bootstrap stack of its account", () => {
    const named = new Set<string>();
    for (const stack of stacks.filter((s) => !isBootstrap(s.node.id))) {
      for (const m of JSON.stringify(json(stack.node.id)).matchAll(/:role\/aws-service-role\/([a-z0-9.-]+)\//g)) named.add(m[1]!);
    }
    expect([...named]).toEqual(["autoscaling.amazonaws.com"]);
    // One account per primary environment; a recovery environment shares its primary's (IAM is global), so its
    // roles are created once, by the primary's bootstrap stack.
    for (const env of platform.environments) {
      const id = `${env.name}-bootstrap`;
      const expected = env.disasterRecovery ? [] : [...named];
      expect([id, serviceLinked(json(id))]).toEqual([id, expected]);
    }
    expect(serviceLinked(east)).toEqual([]);
  });

  it("are kept on destroy, and created (not imported) in a fresh account", () => {
    const role = only(resourcesOf(west, "aws_iam_service_linked_role"));
    expect(role.lifecycle).toEqual({ prevent_destroy: true });
    expect(west.import).toBeUndefined();
  });

  it("are imported instead of created where the account already has them", () => {
    const adoptedIn = build({ only: "prod,staging" }, adopting("staging", ["autoscaling.amazonaws.com"]));
    expect(adoptedIn.json("prod-bootstrap").import).toBeUndefined();
    expect(adoptedIn.json("staging-bootstrap").import).toEqual([
      {
        to: expect.stringMatching(/^aws_iam_service_linked_role\.service-linked-roles_autoscalingamazonawscom_[0-9A-F]{8}$/),
        id: "arn:${data.aws_partition.aws-context-partition.partition}:iam::${data.aws_caller_identity.aws-context-account.account_id}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
      },
    ]);
  });

  it("are not asked of the recovery region's bootstrap even when prod-dr is synthesized alone in failover", () => {
    const alone = build({ only: "prod-dr", drMode: "failover" });
    expect(alone.stacks.map((s) => s.node.id).filter(isBootstrap)).toEqual(["prod-dr-bootstrap"]);
    expect(serviceLinked(alone.json("prod-dr-bootstrap"))).toEqual([]);
  });
});

describe("every stack", () => {
  it("writes meta-arguments as bare references: Terraform refuses \"${...}\" in depends_on and lifecycle lists", () => {
    const offending: string[] = [];
    for (const stack of stacks) {
      for (const [type, byName] of Object.entries(json(stack.node.id).resource ?? {})) {
        for (const [name, r] of Object.entries(byName)) {
          const lifecycle = (r.lifecycle ?? {}) as Record<string, unknown>;
          const lists = [r.depends_on, lifecycle.replace_triggered_by, lifecycle.ignore_changes].filter(Array.isArray) as unknown[][];
          for (const entry of lists.flat()) if (String(entry).includes("${")) offending.push(`${stack.node.id}: ${type}.${name}: ${String(entry)}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  it(`requires Terraform ${TERRAFORM_REQUIRED_VERSION} (write-only arguments, ephemeral resources, S3 lockfile)`, () => {
    for (const stack of stacks) {
      expect({ stack: stack.node.id, version: json(stack.node.id).terraform.required_version }).toEqual({
        stack: stack.node.id,
        version: TERRAFORM_REQUIRED_VERSION,
      });
    }
  });
});

describe("bootstrap validation", () => {
  // prod's twin in prod's account (same state bucket): only validation runs for it (synthesis stays on prod).
  const qa = { ...prod, name: "qa", network: { ...prod.network, vpcCidr: "10.30.0.0/16", subnets: standardSubnets("10.30.0.0/16", prod.availabilityZones) } };

  it("fails when one bucket is named in two regions", () => {
    const moved = { ...prodDr, state: { bucket: "aec-platform-tfstate-us-west-2", region: "us-east-1" as const } };
    expect(() => build({}, { ...platform, environments: [prod, moved] })).toThrow(
      'prod-dr.state.region: got "us-east-1"; expected us-west-2, where another environment keeps state in bucket aec-platform-tfstate-us-west-2',
    );
  });

  it("fails when two environments of one account and region both turn on GuardDuty and Security Hub", () => {
    expect(() => build({ only: "prod" }, { ...platform, environments: [prod, prodDr, qa] })).toThrow(
      /qa\.securityServices\.guardDuty: got true; expected off: prod shares its account and region and already turns GuardDuty threat detection on[\s\S]*qa\.securityServices\.securityHub: got true/,
    );
    expect(() => build({ only: "prod" }, { ...platform, environments: [prod, prodDr, { ...qa, securityServices: { guardDuty: false, securityHub: false } }] })).not.toThrow();
  });

  it("fails when environments of one account allow different accounts", () => {
    const other = { ...qa, securityServices: { guardDuty: false, securityHub: false }, allowedAccountIds: ["111111111111"] };
    expect(() => build({ only: "prod" }, { ...platform, environments: [prod, prodDr, other] })).toThrow(
      'qa.allowedAccountIds: got ["111111111111"]; expected the same accounts as prod ([])',
    );
  });

  it("fails for an adopted role that is not a service principal, or an account no bootstrap stack prepares", () => {
    expect(() => build({}, adopting("prod", ["AWSServiceRoleForAutoScaling"]))).toThrow(
      'prod.bootstrap.adoptServiceLinkedRoles: got "AWSServiceRoleForAutoScaling"; expected a service principal such as autoscaling.amazonaws.com',
    );
    // prod-dr lives in prod's account, whose roles prod-bootstrap creates.
    expect(() => build({}, adopting("prod-dr", ["autoscaling.amazonaws.com"]))).toThrow(
      'prod-dr.bootstrap.adoptServiceLinkedRoles: got ["autoscaling.amazonaws.com"]; expected nothing: another environment\'s bootstrap stack creates this account\'s roles (prod). Fix: move the list to prod',
    );
  });

  it("matches its snapshot", () => {
    expect(JSON.stringify(byId("prod-bootstrap")!.toTerraform(), null, 2)).toMatchSnapshot();
  });
});

describe("bootstrap stacks: the pipeline's access", () => {
  const roleNames = (id: string) => Object.values(resourcesOf(json(id), "aws_iam_role")).map((r) => r.name).sort();
  const providers = (j: SynthJson) => Object.keys(resourcesOf(j, "aws_iam_openid_connect_provider")).length;

  it("give each environment its roles in the bootstrap stack of its own state bucket", () => {
    expect(roleNames("dev-bootstrap")).toEqual(["aec-platform-dev-ci-deploy", "aec-platform-dev-ci-plan"]);
    expect(roleNames("staging-bootstrap")).toEqual(["aec-platform-staging-ci-deploy", "aec-platform-staging-ci-plan"]);
    expect(roleNames("prod-bootstrap")).toEqual(["aec-platform-prod-ci-deploy", "aec-platform-prod-ci-plan"]);
    // prod-dr's roles are managed from its own state in us-east-1, so a lost us-west-2 does not lock them.
    expect(roleNames("prod-dr-bootstrap")).toEqual(["aec-platform-prod-dr-ci-deploy", "aec-platform-prod-dr-ci-plan"]);
  });

  it("create the GitHub OIDC provider once per account: in the stack that creates the account's roles", () => {
    expect(["dev-bootstrap", "staging-bootstrap", "prod-bootstrap"].map((id) => providers(json(id)))).toEqual([1, 1, 1]);
    expect(providers(east)).toBe(0);
    expect(JSON.stringify(resourcesOf(east, "aws_iam_role"))).toContain(":oidc-provider/token.actions.githubusercontent.com");
  });

  it("reference an existing provider when the account has one", () => {
    const config: ProjectConfig = {
      ...platform,
      environments: platform.environments.map((e) => (e.name === "prod" ? { ...e, bootstrap: { githubOidcProvider: "existing" } } : e)),
    };
    const built = build({ only: "prod" }, config);
    expect(providers(built.json("prod-bootstrap"))).toBe(0);
    expect(Object.keys(resourcesOf(built.json("prod-bootstrap"), "aws_iam_role"))).toHaveLength(2);
  });

  it("create no pipeline access when the configuration names no repository", () => {
    const { delivery: _none, ...withoutDelivery } = platform;
    const built = build({ only: "dev" }, withoutDelivery);
    expect(resourcesOf(built.json("dev-bootstrap"), "aws_iam_role")).toEqual({});
    expect(providers(built.json("dev-bootstrap"))).toBe(0);
  });

  it("output each role's ARN for the workflows' settings", () => {
    expect(Object.keys(json("prod-dr-bootstrap") as { output?: object }).includes("output")).toBe(true);
    expect(Object.keys((json("prod-dr-bootstrap") as { output: Record<string, unknown> }).output)).toEqual(
      expect.arrayContaining(["prod-dr_ci_plan_role_arn", "prod-dr_ci_deploy_role_arn"]),
    );
  });
});
