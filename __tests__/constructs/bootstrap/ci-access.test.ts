// The pipeline's AWS access: who may assume each role (the trust conditions) and what each may do.
import { checkDelivery, isPlaceholderRepository } from "../../../common/delivery";
import { CiAccess, type CiAccessProps } from "../../../constructs/bootstrap/ci-access";
import { emptyStack, resourceAt, resourcesOf, synthJson, warningsIn } from "../../helpers";

const ENVS = [{ name: "prod", stateBucket: "state-west", stateRegion: "us-west-2" }];

function build(changes: Partial<CiAccessProps> = {}) {
  const { stack } = emptyStack();
  const ci = new CiAccess(stack, "ci", { repository: "acme/platform", namePrefix: "aec", oidcProvider: "create", environments: ENVS, ...changes });
  return { ci, json: synthJson(stack) };
}

interface Trust {
  Statement: { Effect: string; Principal: { Federated: string }; Action: string; Condition: { StringEquals: Record<string, unknown> } }[];
}
interface Policy {
  Statement: { Sid: string; Effect: string; Action: string | string[]; Resource?: string | string[]; NotResource?: string; Condition?: unknown }[];
}
const trustOf = (json: ReturnType<typeof build>["json"], path: string) =>
  JSON.parse(String(resourceAt(json, "aws_iam_role", path).assume_role_policy)) as Trust;
const policyOf = (json: ReturnType<typeof build>["json"], path: string) =>
  JSON.parse(String(resourceAt(json, "aws_iam_role_policy", path).policy)) as Policy;

describe("CiAccess", () => {
  it("creates the account's GitHub OIDC provider for STS only, when asked to", () => {
    const { json } = build();
    expect(Object.values(resourcesOf(json, "aws_iam_openid_connect_provider"))).toEqual([
      expect.objectContaining({ url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] }),
    ]);
    expect(trustOf(json, "ci/prod-plan").Statement[0]!.Principal.Federated).toMatch(/^\$\{aws_iam_openid_connect_provider\.ci_github_[0-9A-F]{8}\.arn\}$/);
  });

  it("references an existing provider by the account's ARN instead of creating a second one", () => {
    const { json } = build({ oidcProvider: "existing" });
    expect(resourcesOf(json, "aws_iam_openid_connect_provider")).toEqual({});
    expect(trustOf(json, "ci/prod-deploy").Statement[0]!.Principal.Federated).toMatch(
      /^arn:\$\{data\.aws_partition\.[^}]+\}:iam::\$\{data\.aws_caller_identity\.[^}]+\.account_id\}:oidc-provider\/token\.actions\.githubusercontent\.com$/,
    );
  });

  it("trusts the plan role for this repository's pull requests and its main branch only", () => {
    const statement = trustOf(build().json, "ci/prod-plan").Statement;
    expect(statement).toHaveLength(1);
    expect(statement[0]).toMatchObject({ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity" });
    expect(statement[0]!.Condition).toEqual({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": ["repo:acme/platform:pull_request", "repo:acme/platform:ref:refs/heads/main"],
      },
    });
    const release = trustOf(build({ mainBranch: "release/v2" }).json, "ci/prod-plan").Statement[0]!;
    expect(release.Condition.StringEquals["token.actions.githubusercontent.com:sub"]).toEqual([
      "repo:acme/platform:pull_request",
      "repo:acme/platform:ref:refs/heads/release/v2",
    ]);
  });

  it("trusts the deploy role only for jobs of the GitHub environment of the same name", () => {
    const { json } = build();
    expect(trustOf(json, "ci/prod-deploy").Statement[0]!.Condition).toEqual({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": ["repo:acme/platform:environment:prod"],
      },
    });
    const role = resourceAt(json, "aws_iam_role", "ci/prod-deploy");
    expect(role).toMatchObject({ name: "aec-prod-ci-deploy", max_session_duration: 3600 });
    expect(resourceAt(json, "aws_iam_role", "ci/prod-plan")).toMatchObject({ name: "aec-prod-ci-plan", max_session_duration: 3600 });
  });

  it("lets the plan role read state and take its lock, but no data", () => {
    const statements = policyOf(build().json, "ci/prod-plan-state").Statement;
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(bySid.ReadState!.Resource).toMatch(/:s3:::state-west\/prod\/\*$/);
    expect(bySid.LockState).toMatchObject({ Action: ["s3:PutObject", "s3:DeleteObject"] });
    expect(bySid.LockState!.Resource).toMatch(/:s3:::state-west\/prod\/\*\.tflock$/);
    expect(bySid.StateKey!.Condition).toMatchObject({ StringEquals: { "kms:ViaService": "s3.us-west-2.amazonaws.com" } });
    expect(bySid.NoData).toMatchObject({ Effect: "Deny", Resource: "*" });
    expect(bySid.NoData!.Action).toEqual(expect.arrayContaining(["secretsmanager:GetSecretValue", "sqs:ReceiveMessage", "rds-db:connect"]));
    expect(bySid.NoObjectsButState).toMatchObject({ Effect: "Deny", Action: ["s3:GetObject", "s3:GetObjectVersion"] });
    expect(bySid.NoObjectsButState!.NotResource).toMatch(/:s3:::state-west\/\*$/);
    expect(resourceAt(build().json, "aws_iam_role_policy_attachment", "ci/prod-plan-read-only").policy_arn).toMatch(/:iam::aws:policy\/ReadOnlyAccess$/);
  });

  it("keeps the deploy role off the pipeline's own roles, the provider and the state bucket", () => {
    const { json } = build();
    const statements = policyOf(json, "ci/prod-deploy-guard").Statement;
    expect(statements.every((s) => s.Effect === "Deny")).toBe(true);
    expect(statements.map((s) => s.Sid)).toEqual(["KeepPipelineRoles", "KeepOidcProvider", "KeepStateBucket"]);
    expect(statements[0]!.Resource).toMatch(/:role\/aec-\*-ci-\*$/);
    expect(statements[2]!.Resource).toMatch(/:s3:::state-west$/);
    expect(resourceAt(json, "aws_iam_role_policy_attachment", "ci/prod-deploy-admin").policy_arn).toMatch(/:policy\/AdministratorAccess$/);
  });

  it("gives each environment its own pair of roles", () => {
    const { ci, json } = build({
      environments: [...ENVS, { name: "prod-dr", stateBucket: "state-east", stateRegion: "us-east-1" }],
    });
    expect(Object.keys(ci.roles)).toEqual(["prod", "prod-dr"]);
    expect(Object.values(resourcesOf(json, "aws_iam_role")).map((r) => r.name).sort()).toEqual([
      "aec-prod-ci-deploy",
      "aec-prod-ci-plan",
      "aec-prod-dr-ci-deploy",
      "aec-prod-dr-ci-plan",
    ]);
    expect(policyOf(json, "ci/prod-dr-plan-state").Statement.find((s) => s.Sid === "StateKey")!.Condition).toMatchObject({
      StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
    });
  });

  it("warns when the repository is a placeholder, and not otherwise", () => {
    expect(warningsIn(build({ repository: "example-org/aec-platform" }).ci)).toEqual([
      expect.stringContaining("repository example-org/aec-platform is a placeholder"),
    ]);
    expect(warningsIn(build().ci)).toEqual([]);
    expect(isPlaceholderRepository("example/x")).toBe(true);
    expect(isPlaceholderRepository("examples-inc/x")).toBe(false);
  });

  it("fails on a repository that is not owner/name, naming the field and the fix", () => {
    for (const repository of ["platform", "acme/platform/extra", "-acme/platform", "acme/", "acme/..", "ac--me/x"]) {
      expect(() => build({ repository })).toThrow(
        `repository: got "${repository}"; expected a GitHub repository as owner/name (owner: letters, digits, single hyphens; name: letters, digits, . _ -). Fix: write the repository the workflows run in, e.g. "my-org/aec-platform"`,
      );
    }
  });

  it("fails on a session length IAM refuses, and on a branch that is no branch name", () => {
    for (const maxSessionSeconds of [3599, 43201, 3600.5]) {
      expect(() => build({ maxSessionSeconds })).toThrow(`maxSessionSeconds: got ${maxSessionSeconds}; expected a whole number of seconds from 3600 to 43200`);
    }
    expect(() => build({ maxSessionSeconds: 43200 })).not.toThrow();
    expect(() => build({ mainBranch: "../main" })).toThrow('mainBranch: got "../main"; expected a branch name');
  });
});

describe("checkDelivery", () => {
  it("refuses names that make a role name longer than IAM allows (a library user's own prefix)", () => {
    const prefix = "a-prefix-much-longer-than-the-kit-configuration-allows";
    expect(checkDelivery("delivery", { repository: "acme/platform" }, prefix, ["prod", "qa"])).toEqual([
      {
        field: "delivery.roles.prod",
        value: `${prefix}-prod-ci-deploy`,
        expected: "an IAM role name of at most 64 characters (69 here)",
        fix: "shorten the project or the environment's name",
      },
      expect.objectContaining({ field: "delivery.roles.qa", expected: "an IAM role name of at most 64 characters (67 here)" }),
    ]);
    expect(checkDelivery("", { repository: "acme/platform", mainBranch: "main" }, "aec", ["dev"])).toEqual([]);
    expect(() => build({ namePrefix: prefix })).toThrow("roles.prod: got");
  });
});
