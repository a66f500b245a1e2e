// Public entry point `aec-platform-kit/storage`.
export {
  Bucket,
  type BucketEncryption,
  type BucketProps,
  type EventNotification,
  type NotificationTarget,
} from "./bucket";
export type { BucketAccess } from "./bucket-access";
export { BucketReplication, type BucketReplicationProps, type ReplicaBucket } from "./bucket-replication";
export { STORAGE_CLASSES, type StorageClass, type Transitions } from "./lifecycle";
export { BUCKET_PURPOSES, PlatformBuckets, type BucketPurpose, type PlatformBucketsProps } from "./platform-buckets";
