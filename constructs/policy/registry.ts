// Every rule of the pack. Static imports (not a directory scan) keep synth fast and bundlers happy; a test checks
// that each file under rules/ is listed here.

import apigw001AccessLogs from "./rules/api-gateway/apigw-001-access-logs";
import apigw002Throttling from "./rules/api-gateway/apigw-002-throttling";
import apigw003RouteAuthorization from "./rules/api-gateway/apigw-003-route-authorization";
import cloudtrail001MultiRegion from "./rules/cloudtrail/cloudtrail-001-multi-region";
import cloudtrail002LogFileValidation from "./rules/cloudtrail/cloudtrail-002-log-file-validation";
import cloudtrail003CustomerKeyEncryption from "./rules/cloudtrail/cloudtrail-003-customer-key-encryption";
import cloudtrail004CloudwatchDelivery from "./rules/cloudtrail/cloudtrail-004-cloudwatch-delivery";
import ec2001Imdsv2Required from "./rules/ec2/ec2-001-imdsv2-required";
import ec2002MetadataHopLimit from "./rules/ec2/ec2-002-metadata-hop-limit";
import ec2003SubnetNoPublicIp from "./rules/ec2/ec2-003-subnet-no-public-ip";
import ec2004NoPublicIp from "./rules/ec2/ec2-004-no-public-ip";
import ec2005EncryptedVolumes from "./rules/ec2/ec2-005-encrypted-volumes";
import ecr001ImmutableTags from "./rules/ecr/ecr-001-immutable-tags";
import ecr002ScanOnPush from "./rules/ecr/ecr-002-scan-on-push";
import ecr003CustomerKeyEncryption from "./rules/ecr/ecr-003-customer-key-encryption";
import ecr004LifecyclePolicy from "./rules/ecr/ecr-004-lifecycle-policy";
import eks001SecretsEncryption from "./rules/eks/eks-001-secrets-encryption";
import eks002PrivateEndpoint from "./rules/eks/eks-002-private-endpoint";
import eks003ControlPlaneLogs from "./rules/eks/eks-003-control-plane-logs";
import eks004SupportedKubernetesVersion from "./rules/eks/eks-004-supported-kubernetes-version";
import eks005AccessEntries from "./rules/eks/eks-005-access-entries";
import eks006NodeGroupNoSsh from "./rules/eks/eks-006-node-group-no-ssh";
import eks007AddonVersionPinned from "./rules/eks/eks-007-addon-version-pinned";
import eks008ControlPlaneLogGroup from "./rules/eks/eks-008-control-plane-log-group";
import elasticache001CustomerKeyEncryption from "./rules/elasticache/elasticache-001-customer-key-encryption";
import elasticache002TlsRequired from "./rules/elasticache/elasticache-002-tls-required";
import elasticache003Authentication from "./rules/elasticache/elasticache-003-authentication";
import elasticache004Snapshots from "./rules/elasticache/elasticache-004-snapshots";
import elasticache005MultiAzFailover from "./rules/elasticache/elasticache-005-multi-az-failover";
import elasticache006AutoMinorUpgrade from "./rules/elasticache/elasticache-006-auto-minor-upgrade";
import elasticache007SlowLogDelivery from "./rules/elasticache/elasticache-007-slow-log-delivery";
import elasticache008SupportedEngineVersion from "./rules/elasticache/elasticache-008-supported-engine-version";
import elasticache009ValkeyGroupUsers from "./rules/elasticache/elasticache-009-valkey-group-users";
import helm001ChartVersionPinned from "./rules/helm/helm-001-chart-version-pinned";
import helm002TrustedRepository from "./rules/helm/helm-002-trusted-repository";
import helm003Atomic from "./rules/helm/helm-003-atomic";
import iam001NoWildcardActions from "./rules/iam/iam-001-no-wildcard-actions";
import iam002NoAllowNotAction from "./rules/iam/iam-002-no-allow-not-action";
import iam003NoWildcardResources from "./rules/iam/iam-003-no-wildcard-resources";
import iam004ScopedTrustPolicy from "./rules/iam/iam-004-scoped-trust-policy";
import iam005NoPublicResourcePolicy from "./rules/iam/iam-005-no-public-resource-policy";
import iam006NoAdminManagedPolicies from "./rules/iam/iam-006-no-admin-managed-policies";
import iam007NoUserPolicies from "./rules/iam/iam-007-no-user-policies";
import iam008UniqueStatementIds from "./rules/iam/iam-008-unique-statement-ids";
import k8s001RestrictedSecurityContext from "./rules/kubernetes/k8s-001-restricted-security-context";
import k8s002RequestsAndLimits from "./rules/kubernetes/k8s-002-requests-and-limits";
import k8s003Probes from "./rules/kubernetes/k8s-003-probes";
import k8s004DisruptionBudget from "./rules/kubernetes/k8s-004-disruption-budget";
import k8s005NoHostNamespaces from "./rules/kubernetes/k8s-005-no-host-namespaces";
import k8s006ImmutableImage from "./rules/kubernetes/k8s-006-immutable-image";
import kms001Rotation from "./rules/kms/kms-001-rotation";
import kms002ExplicitKeyPolicy from "./rules/kms/kms-002-explicit-key-policy";
import lambda001EnvironmentCustomerKey from "./rules/lambda/lambda-001-environment-customer-key";
import lambda002NoSecretsInEnvironment from "./rules/lambda/lambda-002-no-secrets-in-environment";
import lambda003SupportedRuntime from "./rules/lambda/lambda-003-supported-runtime";
import lambda004Tracing from "./rules/lambda/lambda-004-tracing";
import lambda005InVpc from "./rules/lambda/lambda-005-in-vpc";
import lambda006ReservedConcurrency from "./rules/lambda/lambda-006-reserved-concurrency";
import lambda007FunctionUrlAuth from "./rules/lambda/lambda-007-function-url-auth";
import lambda008ScopedInvokePermission from "./rules/lambda/lambda-008-scoped-invoke-permission";
import lambda009LogGroup from "./rules/lambda/lambda-009-log-group";
import log001CustomerKey from "./rules/logs/log-001-customer-key";
import log002FiniteRetention from "./rules/logs/log-002-finite-retention";
import mq001NotPublic from "./rules/mq/mq-001-not-public";
import mq002CustomerKeyEncryption from "./rules/mq/mq-002-customer-key-encryption";
import mq003Logs from "./rules/mq/mq-003-logs";
import mq004AutoMinorUpgrade from "./rules/mq/mq-004-auto-minor-upgrade";
import mq005MultiAz from "./rules/mq/mq-005-multi-az";
import mq006SupportedEngineVersion from "./rules/mq/mq-006-supported-engine-version";
import msk001CustomerKeyEncryption from "./rules/msk/msk-001-customer-key-encryption";
import msk002TlsInTransit from "./rules/msk/msk-002-tls-in-transit";
import msk003BrokerLogs from "./rules/msk/msk-003-broker-logs";
import msk004ClientAuthentication from "./rules/msk/msk-004-client-authentication";
import msk005NoPublicAccess from "./rules/msk/msk-005-no-public-access";
import msk006SupportedKafkaVersion from "./rules/msk/msk-006-supported-kafka-version";
import rds001CustomerKeyEncryption from "./rules/rds/rds-001-customer-key-encryption";
import rds002NotPublic from "./rules/rds/rds-002-not-public";
import rds003BackupRetention from "./rules/rds/rds-003-backup-retention";
import rds004FinalSnapshot from "./rules/rds/rds-004-final-snapshot";
import rds005DeletionProtection from "./rules/rds/rds-005-deletion-protection";
import rds006MultiAz from "./rules/rds/rds-006-multi-az";
import rds007LogExports from "./rules/rds/rds-007-log-exports";
import rds008TlsEnforced from "./rules/rds/rds-008-tls-enforced";
import rds009IamAuthentication from "./rules/rds/rds-009-iam-authentication";
import rds010PerformanceInsightsKey from "./rules/rds/rds-010-performance-insights-key";
import rds011AutoMinorUpgrade from "./rules/rds/rds-011-auto-minor-upgrade";
import rds012CopyTagsToSnapshot from "./rules/rds/rds-012-copy-tags-to-snapshot";
import rds013MasterPasswordManaged from "./rules/rds/rds-013-master-password-managed";
import rds014EnhancedMonitoring from "./rules/rds/rds-014-enhanced-monitoring";
import rds015SupportedEngineVersion from "./rules/rds/rds-015-supported-engine-version";
import rds016ReplicableMasterPassword from "./rules/rds/rds-016-replicable-master-password";
import rds017ReplicaWithoutFinalSnapshot from "./rules/rds/rds-017-replica-without-final-snapshot";
import s3001BlockPublicAccess from "./rules/s3/s3-001-block-public-access";
import s3002CustomerKeyEncryption from "./rules/s3/s3-002-customer-key-encryption";
import s3003Versioning from "./rules/s3/s3-003-versioning";
import s3004AccessLogging from "./rules/s3/s3-004-access-logging";
import s3005TlsOnly from "./rules/s3/s3-005-tls-only";
import s3006AclsDisabled from "./rules/s3/s3-006-acls-disabled";
import s3007NoPublicAcl from "./rules/s3/s3-007-no-public-acl";
import s3008Lifecycle from "./rules/s3/s3-008-lifecycle";
import s3009BucketKey from "./rules/s3/s3-009-bucket-key";
import secrets001CustomerKeyEncryption from "./rules/secrets-manager/secrets-001-customer-key-encryption";
import secrets002RecoveryWindow from "./rules/secrets-manager/secrets-002-recovery-window";
import secrets003NoLiteralSecret from "./rules/secrets-manager/secrets-003-no-literal-secret";
import secrets004WriteOnlyValue from "./rules/secrets-manager/secrets-004-write-only-value";
import sg001NoWorldIngress from "./rules/security-groups/sg-001-no-world-ingress";
import sg002Descriptions from "./rules/security-groups/sg-002-descriptions";
import sns001CustomerKeyEncryption from "./rules/sns/sns-001-customer-key-encryption";
import sqs001CustomerKeyEncryption from "./rules/sqs/sqs-001-customer-key-encryption";
import sqs002DeadLetterQueue from "./rules/sqs/sqs-002-dead-letter-queue";
import vpc001FlowLogs from "./rules/vpc/vpc-001-flow-logs";
import vpc002DefaultSecurityGroupClosed from "./rules/vpc/vpc-002-default-security-group-closed";
import vpc003FlowLogAllTraffic from "./rules/vpc/vpc-003-flow-log-all-traffic";
import type { Rule } from "./types";

export const KIT_RULES: readonly Rule[] = [
  apigw001AccessLogs,
  apigw002Throttling,
  apigw003RouteAuthorization,
  cloudtrail001MultiRegion,
  cloudtrail002LogFileValidation,
  cloudtrail003CustomerKeyEncryption,
  cloudtrail004CloudwatchDelivery,
  ec2001Imdsv2Required,
  ec2002MetadataHopLimit,
  ec2003SubnetNoPublicIp,
  ec2004NoPublicIp,
  ec2005EncryptedVolumes,
  ecr001ImmutableTags,
  ecr002ScanOnPush,
  ecr003CustomerKeyEncryption,
  ecr004LifecyclePolicy,
  eks001SecretsEncryption,
  eks002PrivateEndpoint,
  eks003ControlPlaneLogs,
  eks004SupportedKubernetesVersion,
  eks005AccessEntries,
  eks006NodeGroupNoSsh,
  eks007AddonVersionPinned,
  eks008ControlPlaneLogGroup,
  elasticache001CustomerKeyEncryption,
  elasticache002TlsRequired,
  elasticache003Authentication,
  elasticache004Snapshots,
  elasticache005MultiAzFailover,
  elasticache006AutoMinorUpgrade,
  elasticache007SlowLogDelivery,
  elasticache008SupportedEngineVersion,
  elasticache009ValkeyGroupUsers,
  helm001ChartVersionPinned,
  helm002TrustedRepository,
  helm003Atomic,
  iam001NoWildcardActions,
  iam002NoAllowNotAction,
  iam003NoWildcardResources,
  iam004ScopedTrustPolicy,
  iam005NoPublicResourcePolicy,
  iam006NoAdminManagedPolicies,
  iam007NoUserPolicies,
  iam008UniqueStatementIds,
  k8s001RestrictedSecurityContext,
  k8s002RequestsAndLimits,
  k8s003Probes,
  k8s004DisruptionBudget,
  k8s005NoHostNamespaces,
  k8s006ImmutableImage,
  kms001Rotation,
  kms002ExplicitKeyPolicy,
  lambda001EnvironmentCustomerKey,
  lambda002NoSecretsInEnvironment,
  lambda003SupportedRuntime,
  lambda004Tracing,
  lambda005InVpc,
  lambda006ReservedConcurrency,
  lambda007FunctionUrlAuth,
  lambda008ScopedInvokePermission,
  lambda009LogGroup,
  log001CustomerKey,
  log002FiniteRetention,
  mq001NotPublic,
  mq002CustomerKeyEncryption,
  mq003Logs,
  mq004AutoMinorUpgrade,
  mq005MultiAz,
  mq006SupportedEngineVersion,
  msk001CustomerKeyEncryption,
  msk002TlsInTransit,
  msk003BrokerLogs,
  msk004ClientAuthentication,
  msk005NoPublicAccess,
  msk006SupportedKafkaVersion,
  rds001CustomerKeyEncryption,
  rds002NotPublic,
  rds003BackupRetention,
  rds004FinalSnapshot,
  rds005DeletionProtection,
  rds006MultiAz,
  rds007LogExports,
  rds008TlsEnforced,
  rds009IamAuthentication,
  rds010PerformanceInsightsKey,
  rds011AutoMinorUpgrade,
  rds012CopyTagsToSnapshot,
  rds013MasterPasswordManaged,
  rds014EnhancedMonitoring,
  rds015SupportedEngineVersion,
  rds016ReplicableMasterPassword,
  rds017ReplicaWithoutFinalSnapshot,
  s3001BlockPublicAccess,
  s3002CustomerKeyEncryption,
  s3003Versioning,
  s3004AccessLogging,
  s3005TlsOnly,
  s3006AclsDisabled,
  s3007NoPublicAcl,
  s3008Lifecycle,
  s3009BucketKey,
  secrets001CustomerKeyEncryption,
  secrets002RecoveryWindow,
  secrets003NoLiteralSecret,
  secrets004WriteOnlyValue,
  sg001NoWorldIngress,
  sg002Descriptions,
  sns001CustomerKeyEncryption,
  sqs001CustomerKeyEncryption,
  sqs002DeadLetterQueue,
  vpc001FlowLogs,
  vpc002DefaultSecurityGroupClosed,
  vpc003FlowLogAllTraffic,
];
