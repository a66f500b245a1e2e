import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { checkDelivery, ciRoleNames, GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, isPlaceholderRepository } from "../../common/delivery";
import { throwIfProblems } from "../../common/problems";
import { awsContext } from "../core/aws-context";
import { policyDocument, type PolicyStatement } from "../iam/policy-document";
import { suppress } from "../policy/suppressions";

/** An environment whose pipeline roles live here, and where its Terraform state is kept. */
export interface CiEnvironment {
  readonly name: string;
  readonly stateBucket: string;
  readonly stateRegion: string;
}

export interface CiAccessProps {
  /** GitHub repository allowed to assume the roles, `owner/name`. */
  readonly repository: string;
  /** Resource-name prefix (the project). */
  readonly namePrefix: string;
  /**
   * `create`: this stack creates the account's GitHub OIDC provider (IAM allows one per URL and account);
   * `existing`: the provider exists (another bootstrap stack of the account, or created by hand) and is referenced.
   */
  readonly oidcProvider: "create" | "existing";
  /** Environments that get a plan and a deploy role, keyed by name so adding one never touches the others. */
  readonly environments: readonly CiEnvironment[];
  /** Branch whose pull requests and pushes may plan. @default "main" */
  readonly mainBranch?: string;
  /** Longest session a pipeline job gets, in seconds. @default 3600 */
  readonly maxSessionSeconds?: number;
}

const DEFAULTS = { mainBranch: "main", maxSessionSeconds: 3600 } as const;

/** Reads that would hand a plan job the platform's data, not just its shape. */
const DATA_READS = [
  "secretsmanager:GetSecretValue",
  "sqs:ReceiveMessage",
  "logs:GetLogEvents",
  "logs:FilterLogEvents",
  "logs:StartQuery",
  "rds-db:connect",
  "kafka-cluster:ReadData",
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
];

export interface CiRoles {
  readonly plan: IamRole;
  readonly deploy: IamRole;
}

/**
 * GitHub Actions' access to AWS through OIDC, with no long-lived keys: per environment a plan role (read-only,
 * trusted for pull requests and the main branch, for `cdktf diff`) and a deploy role (trusted only for jobs of
 * the GitHub environment of the same name, whose required reviewers and branch rule gate it). AWS evaluates only
 * the token's `aud` and `sub` claims (it does not support GitHub's custom claims), so the branch rule for deploys
 * lives in the GitHub environment; README "Continuous delivery" lists the settings.
 */
export class CiAccess extends Construct {
  readonly providerArn: string;
  readonly roles: Readonly<Record<string, CiRoles>>;

  constructor(scope: Construct, id: string, props: CiAccessProps) {
    super(scope, id);
    const mainBranch = props.mainBranch ?? DEFAULTS.mainBranch;
    const maxSessionSeconds = props.maxSessionSeconds ?? DEFAULTS.maxSessionSeconds;
    throwIfProblems(`CiAccess ${this.node.path}`, [
      ...checkDelivery("", { repository: props.repository, mainBranch }, props.namePrefix, props.environments.map((e) => e.name)),
      ...(maxSessionSeconds < 3600 || maxSessionSeconds > 43200 || !Number.isInteger(maxSessionSeconds)
        ? [{ field: "maxSessionSeconds", value: maxSessionSeconds, expected: "a whole number of seconds from 3600 to 43200 (IAM's limits for a role's maximum session)", fix: "use 3600" }]
        : []),
    ]);
    if (isPlaceholderRepository(props.repository)) {
      Annotations.of(this).addWarning(
        `repository ${props.repository} is a placeholder: no workflow of yours can assume the pipeline roles until it names your repository (owner/name).`,
      );
    }
    const { partition, accountId } = awsContext(this);
    this.providerArn =
      props.oidcProvider === "create"
        ? new IamOpenidConnectProvider(this, "github", {
            url: `https://${GITHUB_OIDC_HOST}`,
            clientIdList: [GITHUB_OIDC_AUDIENCE],
          }).arn
        : `arn:${partition}:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;

    const trust = (subjects: readonly string[]) =>
      policyDocument([
        {
          Effect: "Allow",
          Principal: { Federated: this.providerArn },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: subjects },
          },
        },
      ]);

    const roles: Record<string, CiRoles> = {};
    for (const env of [...props.environments].sort((a, b) => a.name.localeCompare(b.name))) {
      const names = ciRoleNames(props.namePrefix, env.name);
      const repo = `repo:${props.repository}`;
      const plan = new IamRole(this, `${env.name}-plan`, {
        name: names.plan,
        description: `cdktf diff of ${env.name} from GitHub Actions (pull requests and ${mainBranch})`,
        assumeRolePolicy: trust([`${repo}:pull_request`, `${repo}:ref:refs/heads/${mainBranch}`]),
        maxSessionDuration: maxSessionSeconds,
      });
      new IamRolePolicyAttachment(this, `${env.name}-plan-read-only`, {
        role: plan.name,
        policyArn: `arn:${partition}:iam::aws:policy/ReadOnlyAccess`,
      });
      new IamRolePolicy(this, `${env.name}-plan-state`, {
        role: plan.name,
        name: "terraform-state-and-no-data",
        policy: policyDocument(planStatements(partition, env)),
      });
      const deploy = new IamRole(this, `${env.name}-deploy`, {
        name: names.deploy,
        description: `cdktf deploy of ${env.name} from the GitHub environment ${env.name}`,
        assumeRolePolicy: trust([`${repo}:environment:${env.name}`]),
        maxSessionDuration: maxSessionSeconds,
      });
      const admin = new IamRolePolicyAttachment(this, `${env.name}-deploy-admin`, {
        role: deploy.name,
        policyArn: `arn:${partition}:iam::aws:policy/AdministratorAccess`,
      });
      suppress(
        admin,
        "KIT-IAM-006",
        "the pipeline's deploy role applies every stack of the platform (IAM roles, KMS keys, the cluster); it is trusted only for the GitHub environment's approved jobs, and its guard policy keeps it off the pipeline's own roles and the state bucket",
      );
      new IamRolePolicy(this, `${env.name}-deploy-guard`, {
        role: deploy.name,
        name: "keep-pipeline-access-and-state",
        policy: policyDocument(deployGuard(partition, accountId, props.namePrefix, env)),
      });
      roles[env.name] = { plan, deploy };
    }
    this.roles = roles;
  }
}

function stateKeyStatements(partition: string, env: CiEnvironment): PolicyStatement[] {
  const bucket = `arn:${partition}:s3:::${env.stateBucket}`;
  return [
    { Sid: "ListState", Effect: "Allow", Action: "s3:ListBucket", Resource: bucket },
    { Sid: "ReadState", Effect: "Allow", Action: "s3:GetObject", Resource: `${bucket}/${env.name}/*` },
    // `use_lockfile`: a plan takes the state lock by writing `<key>.tflock` beside the state.
    { Sid: "LockState", Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: `${bucket}/${env.name}/*.tflock` },
    {
      Sid: "StateKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
      Resource: "*",
      Condition: {
        StringEquals: { "kms:ViaService": `s3.${env.stateRegion}.amazonaws.com` },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucket, `${bucket}/*`] },
      },
    },
  ];
}

function planStatements(partition: string, env: CiEnvironment): PolicyStatement[] {
  return [
    ...stateKeyStatements(partition, env),
    // Ephemeral passwords (the database's, the broker users') are opened at plan time too; the call returns random
    // bytes, nothing stored, and supports no resource scoping.
    { Sid: "EphemeralPasswords", Effect: "Allow", Action: "secretsmanager:GetRandomPassword", Resource: "*" },
    // ReadOnlyAccess includes object and message reads; a plan needs the platform's shape, never its data.
    { Sid: "NoData", Effect: "Deny", Action: DATA_READS, Resource: "*" },
    { Sid: "NoObjectsButState", Effect: "Deny", Action: ["s3:GetObject", "s3:GetObjectVersion"], NotResource: `arn:${partition}:s3:::${env.stateBucket}/*` },
  ];
}

function deployGuard(partition: string, accountId: string, prefix: string, env: CiEnvironment): PolicyStatement[] {
  return [
    {
      Sid: "KeepPipelineRoles",
      Effect: "Deny",
      Action: ["iam:UpdateAssumeRolePolicy", "iam:DeleteRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary"],
      Resource: `arn:${partition}:iam::${accountId}:role/${prefix}-*-ci-*`,
    },
    {
      Sid: "KeepOidcProvider",
      Effect: "Deny",
      Action: ["iam:DeleteOpenIDConnectProvider", "iam:UpdateOpenIDConnectProviderThumbprint", "iam:AddClientIDToOpenIDConnectProvider", "iam:RemoveClientIDFromOpenIDConnectProvider"],
      Resource: "*",
    },
    {
      Sid: "KeepStateBucket",
      Effect: "Deny",
      Action: ["s3:DeleteBucket", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketVersioning", "s3:PutLifecycleConfiguration", "s3:PutEncryptionConfiguration"],
      Resource: `arn:${partition}:s3:::${env.stateBucket}`,
    },
  ];
}
