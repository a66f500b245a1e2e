import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { Construct } from "constructs";
import { awsContext } from "../core/aws-context";
import { policyDocument, serviceTrustPolicy } from "../iam/policy-document";
import type { EncryptionKey } from "../keys/encryption-key";
import type { Bucket } from "./bucket";

/**
 * A bucket in another region, named rather than referenced: the stack that replicates into it never reads the
 * other region's state, so either side can be deployed (or rebuilt) while the other region is unreachable.
 */
export interface ReplicaBucket {
  readonly name: string;
  readonly region: string;
  /** Alias of the destination region's key, e.g. `alias/aec-platform-prod-dr-storage`. */
  readonly keyAlias: string;
}

export interface BucketReplicationProps {
  readonly source: Bucket;
  /** The key the source bucket's objects are encrypted with. */
  readonly sourceKey: EncryptionKey;
  readonly destination: ReplicaBucket;
  /** Replication Time Control: S3 replicates 99.99% of objects within 15 minutes (the only value S3 offers). */
  readonly replicationTimeMinutes?: 15;
}

/**
 * Cross-region replication of every object version, delete markers included, re-encrypted under the
 * destination region's key, with Replication Time Control and its metrics (for the 15-minute RPO).
 */
export class BucketReplication extends Construct {
  readonly configuration: S3BucketReplicationConfigurationA;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: BucketReplicationProps) {
    super(scope, id);
    const ctx = awsContext(this);
    const { source, destination } = props;
    const destinationArn = `arn:${ctx.partition}:s3:::${destination.name}`;
    const destinationKeyAlias = `arn:${ctx.partition}:kms:${destination.region}:${ctx.accountId}:${destination.keyAlias}`;
    const minutes = props.replicationTimeMinutes ?? 15;

    this.role = new IamRole(this, "role", {
      namePrefix: "s3-replication-",
      description: `Replicates ${source.node.path} to ${destination.name} (${destination.region})`,
      assumeRolePolicy: serviceTrustPolicy("s3.amazonaws.com", ctx.accountId, { ArnLike: { "aws:SourceArn": source.arn } }),
    });
    new IamRolePolicy(this, "policy", {
      role: this.role.id,
      name: "replicate",
      policy: policyDocument([
        { Sid: "ReadReplicationConfig", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: source.arn },
        {
          Sid: "ReadSourceVersions",
          Effect: "Allow",
          Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
          Resource: `${source.arn}/*`,
        },
        {
          Sid: "WriteReplicas",
          Effect: "Allow",
          Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
          Resource: `${destinationArn}/*`,
        },
        {
          Sid: "DecryptSource",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: props.sourceKey.arn,
          Condition: {
            StringEquals: { "kms:ViaService": `s3.${ctx.region}.amazonaws.com` },
            StringLike: { "kms:EncryptionContext:aws:s3:arn": [source.arn, `${source.arn}/*`] },
          },
        },
        {
          // The destination key is known by alias only (it lives in the other region's stack).
          Sid: "EncryptReplicas",
          Effect: "Allow",
          Action: ["kms:Encrypt", "kms:GenerateDataKey"],
          Resource: `arn:${ctx.partition}:kms:${destination.region}:${ctx.accountId}:key/*`,
          Condition: {
            StringEquals: { "kms:ViaService": `s3.${destination.region}.amazonaws.com` },
            "ForAnyValue:StringEquals": { "kms:ResourceAliases": destination.keyAlias },
            StringLike: { "kms:EncryptionContext:aws:s3:arn": [destinationArn, `${destinationArn}/*`] },
          },
        },
      ]),
    });

    this.configuration = new S3BucketReplicationConfigurationA(this, "configuration", {
      bucket: source.bucket.id,
      role: this.role.arn,
      rule: [
        {
          id: `to-${destination.region}`,
          status: "Enabled",
          priority: 1,
          filter: { prefix: "" },
          deleteMarkerReplication: { status: "Enabled" },
          sourceSelectionCriteria: {
            sseKmsEncryptedObjects: { status: "Enabled" },
            replicaModifications: { status: "Enabled" },
          },
          destination: {
            bucket: destinationArn,
            storageClass: "STANDARD",
            encryptionConfiguration: { replicaKmsKeyId: destinationKeyAlias },
            replicationTime: { status: "Enabled", time: { minutes } },
            metrics: { status: "Enabled", eventThreshold: { minutes } },
          },
        },
      ],
      dependsOn: source.versioning ? [source.versioning] : [],
    });
  }
}
