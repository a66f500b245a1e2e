import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrReplicationConfiguration } from "@cdktf/provider-aws/lib/ecr-replication-configuration";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { awsContext } from "../core/aws-context";
import { policyDocument } from "../iam/policy-document";
import type { EncryptionKey } from "../keys/encryption-key";
import type { Grantee } from "../core/grantee";

export interface ContainerRegistryProps {
  /** Repository name prefix, e.g. `aec-platform/prod`; repositories are `<prefix>/<name>`. */
  readonly prefix: string;
  /** Repositories by workload name, e.g. ["processing-worker"]. */
  readonly repositories: readonly string[];
  readonly encryptionKey: EncryptionKey;
  /** Untagged images kept per repository; older ones expire. @default 10 */
  readonly untaggedImagesKept?: number;
  /** Region to replicate the repositories to (the disaster-recovery region). @default no replication */
  readonly replicationRegion?: string;
}

const DEFAULTS = { untaggedImagesKept: 10 } as const;
const PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];
const NAME_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/**
 * ECR repositories with immutable tags, scan on push, KMS encryption and a bounded number of untagged images.
 * Pulling is granted per role through `grantPull`; nothing else can pull.
 */
export class ContainerRegistry extends Construct {
  readonly repositories: Readonly<Record<string, EcrRepository>>;
  private readonly pullers: string[] = [];

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    const bad = props.repositories.filter((r) => !NAME_PATTERN.test(r));
    if (bad.length > 0) {
      throw new Error(
        `ContainerRegistry ${this.node.path}: repositories ${JSON.stringify(bad)} are not valid names; expected lower-case letters and digits separated by '.', '_' or '-'. Fix: rename them, e.g. "processing-worker".`,
      );
    }
    const kept = props.untaggedImagesKept ?? DEFAULTS.untaggedImagesKept;
    const repositories: Record<string, EcrRepository> = {};
    for (const name of props.repositories) {
      const repo = new EcrRepository(this, name, {
        name: `${props.prefix}/${name}`,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.encryptionKey.arn }],
      });
      new EcrLifecyclePolicy(this, `${name}-lifecycle`, {
        repository: repo.name,
        policy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: `Keep the ${kept} newest untagged images`,
              selection: { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: kept },
              action: { type: "expire" },
            },
          ],
        }),
      });
      new EcrRepositoryPolicy(this, `${name}-policy`, {
        repository: repo.name,
        policy: Lazy.stringValue({ produce: () => this.repositoryPolicy() }),
      });
      repositories[name] = repo;
    }
    this.repositories = repositories;

    if (props.replicationRegion) {
      const ctx = awsContext(this);
      new EcrReplicationConfiguration(this, "replication", {
        replicationConfiguration: {
          rule: [
            {
              destination: [{ region: props.replicationRegion, registryId: ctx.accountId }],
              repositoryFilter: [{ filter: `${props.prefix}/`, filterType: "PREFIX_MATCH" }],
            },
          ],
        },
      });
    }
  }

  private repositoryPolicy(): string {
    const { accountId } = awsContext(this);
    return policyDocument([
      // Images never leave the account, whatever an IAM policy elsewhere says.
      {
        Sid: "DenyPullOutsideAccount",
        Effect: "Deny",
        Principal: "*",
        Action: PULL_ACTIONS,
        Condition: { StringNotEquals: { "aws:PrincipalAccount": accountId } },
      },
      ...(this.pullers.length > 0
        ? [{ Sid: "PullByGrantedRoles", Effect: "Allow" as const, Principal: { AWS: [...this.pullers] }, Action: PULL_ACTIONS }]
        : []),
    ]);
  }

  /**
   * Lets `grantee` (EKS nodes, a workload's Pod Identity role) pull images from every repository. A resource-policy
   * grant: the repositories' policy names the role, so there is no role policy for the grantee to wait for.
   */
  grantPull(grantee: Grantee): void {
    this.pullers.push(grantee.grantRole.arn);
  }
}
