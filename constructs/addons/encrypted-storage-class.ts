import { DataAwsKmsAlias } from "@cdktf/provider-aws/lib/data-aws-kms-alias";
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Construct } from "constructs";
import { volumeKeyAlias } from "../cluster/cluster-keys";

export interface EncryptedStorageClassProps {
  /** Plain-text cluster name: the volume key is found by its alias. */
  readonly clusterName: string;
  /** Keep a volume when its claim is deleted (production data), or delete it with the claim. @default "Delete" */
  readonly reclaimPolicy?: "Retain" | "Delete";
}

const DEFAULTS = { reclaimPolicy: "Delete" as const };

/** Name of the default StorageClass: gp3, encrypted with the cluster's volume key. */
export const STORAGE_CLASS = "gp3-encrypted";

/**
 * The cluster's default StorageClass for the EBS CSI driver: gp3 under the cluster's volume key (found by alias,
 * like the cluster itself), bound where the pod lands so a volume never sits in another AZ than its pod.
 */
export class EncryptedStorageClass extends Construct {
  readonly storageClass: StorageClassV1;

  constructor(scope: Construct, id: string, props: EncryptedStorageClassProps) {
    super(scope, id);
    const key = new DataAwsKmsAlias(this, "volume-key", { name: `alias/${volumeKeyAlias(props.clusterName)}` });
    this.storageClass = new StorageClassV1(this, "storage-class", {
      metadata: { name: STORAGE_CLASS, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      storageProvisioner: "ebs.csi.aws.com",
      reclaimPolicy: props.reclaimPolicy ?? DEFAULTS.reclaimPolicy,
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
      parameters: { type: "gp3", encrypted: "true", kmsKeyId: key.targetKeyArn },
    });
  }
}
