// Every rule against the shared fixture stacks: each listed compliant resource passes, each listed non-compliant
// resource fails. The fixtures are built with the provider bindings, so attribute names are the real ones.
import { evaluate, KIT_RULES, type PolicyReport } from "../../../constructs/policy";
import { fixtureJson, testVersions } from "./fixtures/fixture-stacks";

type Case = { readonly pass: readonly string[]; readonly fail: readonly string[] };

const CASES: Record<string, Case> = {
  "KIT-APIGW-001": { pass: ["aws_apigatewayv2_stage.stage"], fail: ["aws_apigatewayv2_stage.bad-stage"] },
  "KIT-APIGW-002": { pass: ["aws_apigatewayv2_stage.stage"], fail: ["aws_apigatewayv2_stage.bad-stage"] },
  "KIT-APIGW-003": { pass: ["aws_apigatewayv2_route.route"], fail: ["aws_apigatewayv2_route.bad-route"] },
  "KIT-CLOUDTRAIL-001": { pass: ["aws_cloudtrail.trail"], fail: ["aws_cloudtrail.bad-trail"] },
  "KIT-CLOUDTRAIL-002": { pass: ["aws_cloudtrail.trail"], fail: ["aws_cloudtrail.bad-trail"] },
  "KIT-CLOUDTRAIL-003": { pass: ["aws_cloudtrail.trail"], fail: ["aws_cloudtrail.bad-trail"] },
  "KIT-CLOUDTRAIL-004": { pass: ["aws_cloudtrail.trail"], fail: ["aws_cloudtrail.bad-trail"] },
  "KIT-EC2-001": {
    pass: ["aws_launch_template.launch-template", "aws_instance.instance"],
    fail: ["aws_launch_template.bad-lt", "aws_launch_template.bad-lt-bare", "aws_instance.bad-instance"],
  },
  "KIT-EC2-002": {
    pass: ["aws_launch_template.launch-template", "aws_instance.instance"],
    fail: ["aws_launch_template.bad-lt", "aws_launch_template.bad-lt-bare", "aws_instance.bad-instance"],
  },
  "KIT-EC2-003": { pass: ["aws_subnet.subnet"], fail: ["aws_subnet.bad-subnet"] },
  "KIT-EC2-004": {
    pass: ["aws_launch_template.launch-template", "aws_instance.instance"],
    fail: ["aws_launch_template.bad-lt", "aws_instance.bad-instance"],
  },
  "KIT-EC2-005": {
    pass: ["aws_launch_template.launch-template", "aws_instance.instance", "aws_ebs_volume.volume"],
    fail: ["aws_launch_template.bad-lt", "aws_launch_template.bad-lt-bare", "aws_instance.bad-instance", "aws_ebs_volume.bad-volume"],
  },
  "KIT-ECR-001": { pass: ["aws_ecr_repository.repository"], fail: ["aws_ecr_repository.bad-repository"] },
  "KIT-ECR-002": { pass: ["aws_ecr_repository.repository"], fail: ["aws_ecr_repository.bad-repository"] },
  "KIT-ECR-003": { pass: ["aws_ecr_repository.repository"], fail: ["aws_ecr_repository.bad-repository"] },
  "KIT-ECR-004": { pass: ["aws_ecr_repository.repository"], fail: ["aws_ecr_repository.bad-repository"] },
  "KIT-EKS-001": { pass: ["aws_eks_cluster.cluster"], fail: ["aws_eks_cluster.bad-cluster", "aws_eks_cluster.bad-cluster-open"] },
  "KIT-EKS-002": { pass: ["aws_eks_cluster.cluster"], fail: ["aws_eks_cluster.bad-cluster", "aws_eks_cluster.bad-cluster-open"] },
  "KIT-EKS-003": { pass: ["aws_eks_cluster.cluster"], fail: ["aws_eks_cluster.bad-cluster", "aws_eks_cluster.bad-cluster-open"] },
  "KIT-EKS-004": { pass: ["aws_eks_cluster.cluster"], fail: ["aws_eks_cluster.bad-cluster", "aws_eks_cluster.bad-cluster-open"] },
  "KIT-EKS-005": { pass: ["aws_eks_cluster.cluster"], fail: ["aws_eks_cluster.bad-cluster", "aws_eks_cluster.bad-cluster-open"] },
  "KIT-EKS-006": { pass: ["aws_eks_node_group.nodes"], fail: ["aws_eks_node_group.bad-nodes"] },
  "KIT-EKS-007": { pass: ["aws_eks_addon.addon"], fail: ["aws_eks_addon.bad-addon"] },
  "KIT-EKS-008": { pass: ["aws_eks_cluster.cluster"], fail: ["aws_eks_cluster.bad-cluster"] },
  "KIT-ELASTICACHE-001": {
    pass: ["aws_elasticache_replication_group.cache"],
    fail: ["aws_elasticache_replication_group.bad-cache", "aws_elasticache_replication_group.bad-cache-preferred"],
  },
  "KIT-ELASTICACHE-002": {
    pass: ["aws_elasticache_replication_group.cache"],
    fail: ["aws_elasticache_replication_group.bad-cache", "aws_elasticache_replication_group.bad-cache-preferred"],
  },
  "KIT-ELASTICACHE-003": { pass: ["aws_elasticache_replication_group.cache"], fail: ["aws_elasticache_replication_group.bad-cache"] },
  "KIT-ELASTICACHE-004": {
    pass: ["aws_elasticache_replication_group.cache"],
    fail: ["aws_elasticache_replication_group.bad-cache", "aws_elasticache_replication_group.bad-cache-preferred"],
  },
  "KIT-ELASTICACHE-005": {
    pass: ["aws_elasticache_replication_group.cache"],
    fail: ["aws_elasticache_replication_group.bad-cache", "aws_elasticache_replication_group.bad-cache-preferred"],
  },
  "KIT-ELASTICACHE-006": { pass: ["aws_elasticache_replication_group.cache"], fail: ["aws_elasticache_replication_group.bad-cache"] },
  "KIT-ELASTICACHE-007": { pass: ["aws_elasticache_replication_group.cache"], fail: ["aws_elasticache_replication_group.bad-cache"] },
  "KIT-ELASTICACHE-009": {
    pass: ["aws_elasticache_user_group.cache-users"],
    fail: ["aws_elasticache_user_group.bad-cache-users", "aws_elasticache_user_group.bad-cache-users-literal"],
  },
  "KIT-ELASTICACHE-008": {
    pass: ["aws_elasticache_replication_group.cache"],
    fail: ["aws_elasticache_replication_group.bad-cache", "aws_elasticache_replication_group.bad-cache-preferred"],
  },
  "KIT-HELM-001": { pass: ["helm_release.release"], fail: ["helm_release.bad-release", "helm_release.bad-release-range"] },
  "KIT-HELM-002": { pass: ["helm_release.release", "helm_release.bad-release-range"], fail: ["helm_release.bad-release"] },
  "KIT-HELM-003": { pass: ["helm_release.release"], fail: ["helm_release.bad-release", "helm_release.bad-release-range"] },
  "KIT-IAM-001": {
    pass: ["aws_iam_policy.policy", "aws_iam_role_policy.role-policy"],
    fail: ["aws_iam_policy.bad-policy", "aws_iam_role_policy.bad-role-policy-s3"],
  },
  "KIT-IAM-002": { pass: ["aws_iam_role_policy.role-policy"], fail: ["aws_iam_role_policy.bad-role-policy"] },
  "KIT-IAM-003": {
    pass: ["aws_iam_policy.policy", "aws_iam_role_policy.role-policy"],
    fail: ["aws_iam_policy.bad-policy", "aws_iam_role_policy.bad-role-policy-s3"],
  },
  "KIT-IAM-004": { pass: ["aws_iam_role.role", "aws_iam_role.irsa-role"], fail: ["aws_iam_role.bad-role", "aws_iam_role.bad-irsa-role"] },
  "KIT-IAM-005": {
    pass: ["aws_s3_bucket_policy.bucket-policy", "aws_kms_key.key"],
    fail: ["aws_sqs_queue_policy.bad-queue-policy"],
  },
  "KIT-IAM-006": { pass: ["aws_iam_role_policy_attachment.role-attachment"], fail: ["aws_iam_role_policy_attachment.bad-admin-attachment"] },
  "KIT-IAM-007": { pass: ["aws_iam_policy_attachment.policy-attachment"], fail: ["aws_iam_user_policy.bad-user-policy"] },
  "KIT-IAM-008": { pass: ["aws_kms_key.key"], fail: ["aws_iam_role_policy.bad-repeated-sid"] },
  "KIT-KMS-001": { pass: ["aws_kms_key.key"], fail: ["aws_kms_key.bad-key"] },
  "KIT-KMS-002": { pass: ["aws_kms_key.key"], fail: ["aws_kms_key.bad-key"] },
  "KIT-LAMBDA-001": { pass: ["aws_lambda_function.fn"], fail: ["aws_lambda_function.bad-fn"] },
  "KIT-LAMBDA-002": { pass: ["aws_lambda_function.fn"], fail: ["aws_lambda_function.bad-fn"] },
  "KIT-LAMBDA-003": { pass: ["aws_lambda_function.fn"], fail: ["aws_lambda_function.bad-fn", "aws_lambda_function.bad-fn-catalog-runtime"] },
  "KIT-LAMBDA-004": { pass: ["aws_lambda_function.fn"], fail: ["aws_lambda_function.bad-fn"] },
  "KIT-LAMBDA-005": { pass: ["aws_lambda_function.fn"], fail: ["aws_lambda_function.bad-fn"] },
  "KIT-LAMBDA-006": { pass: ["aws_lambda_function.fn"], fail: ["aws_lambda_function.bad-fn"] },
  "KIT-LAMBDA-007": { pass: ["aws_lambda_function_url.fn-url"], fail: ["aws_lambda_function_url.bad-fn-url"] },
  "KIT-LAMBDA-008": {
    pass: ["aws_lambda_permission.fn-permission"],
    fail: ["aws_lambda_permission.bad-fn-permission", "aws_lambda_permission.bad-fn-permission-s3"],
  },
  "KIT-LAMBDA-009": { pass: ["aws_lambda_function.fn"], fail: ["aws_lambda_function.bad-fn"] },
  "KIT-LOG-001": {
    pass: ["aws_cloudwatch_log_group.log-group"],
    fail: ["aws_cloudwatch_log_group.bad-log-group", "aws_cloudwatch_log_group.bad-log-group-aws-key"],
  },
  "KIT-LOG-002": {
    pass: ["aws_cloudwatch_log_group.log-group"],
    fail: ["aws_cloudwatch_log_group.bad-log-group", "aws_cloudwatch_log_group.bad-log-group-aws-key"],
  },
  "KIT-MQ-001": { pass: ["aws_mq_broker.broker"], fail: ["aws_mq_broker.bad-broker"] },
  "KIT-MQ-002": { pass: ["aws_mq_broker.broker", "aws_mq_broker.activemq-broker"], fail: ["aws_mq_broker.bad-broker"] },
  "KIT-MQ-003": { pass: ["aws_mq_broker.broker", "aws_mq_broker.activemq-broker"], fail: ["aws_mq_broker.bad-broker"] },
  "KIT-MQ-004": { pass: ["aws_mq_broker.broker"], fail: ["aws_mq_broker.bad-broker"] },
  "KIT-MQ-005": { pass: ["aws_mq_broker.broker", "aws_mq_broker.activemq-broker"], fail: ["aws_mq_broker.bad-broker"] },
  "KIT-MQ-006": { pass: ["aws_mq_broker.broker"], fail: ["aws_mq_broker.bad-broker"] },
  "KIT-MSK-001": { pass: ["aws_msk_cluster.kafka"], fail: ["aws_msk_cluster.bad-kafka"] },
  "KIT-MSK-002": { pass: ["aws_msk_cluster.kafka"], fail: ["aws_msk_cluster.bad-kafka"] },
  "KIT-MSK-003": { pass: ["aws_msk_cluster.kafka"], fail: ["aws_msk_cluster.bad-kafka"] },
  "KIT-MSK-004": { pass: ["aws_msk_cluster.kafka"], fail: ["aws_msk_cluster.bad-kafka"] },
  "KIT-MSK-005": { pass: ["aws_msk_cluster.kafka"], fail: ["aws_msk_cluster.bad-kafka"] },
  "KIT-MSK-006": { pass: ["aws_msk_cluster.kafka"], fail: ["aws_msk_cluster.bad-kafka"] },
  "KIT-RDS-001": { pass: ["aws_db_instance.db"], fail: ["aws_db_instance.bad-db", "aws_db_instance.bad-db-aws-key"] },
  "KIT-RDS-002": { pass: ["aws_db_instance.db"], fail: ["aws_db_instance.bad-db"] },
  "KIT-RDS-003": { pass: ["aws_db_instance.db"], fail: ["aws_db_instance.bad-db", "aws_db_instance.bad-db-old-postgres"] },
  "KIT-RDS-004": { pass: ["aws_db_instance.db"], fail: ["aws_db_instance.bad-db", "aws_db_instance.bad-db-aws-key"] },
  "KIT-RDS-005": { pass: ["aws_db_instance.db"], fail: ["aws_db_instance.bad-db"] },
  "KIT-RDS-006": { pass: ["aws_db_instance.db"], fail: ["aws_db_instance.bad-db"] },
  "KIT-RDS-007": { pass: ["aws_db_instance.db"], fail: ["aws_db_instance.bad-db", "aws_db_instance.bad-db-aws-key"] },
  "KIT-RDS-008": {
    pass: ["aws_db_instance.db"],
    fail: ["aws_db_instance.bad-db", "aws_db_instance.bad-db-aws-key", "aws_db_instance.bad-db-old-postgres"],
  },
  "KIT-RDS-009": { pass: ["aws_db_instance.db"], fail: ["aws_db_instance.bad-db"] },
  "KIT-RDS-010": { pass: ["aws_db_instance.db"], fail: ["aws_db_instance.bad-db"] },
  "KIT-RDS-011": { pass: ["aws_db_instance.db", "aws_db_instance.bad-db-aws-key"], fail: ["aws_db_instance.bad-db"] },
  "KIT-RDS-012": { pass: ["aws_db_instance.db"], fail: ["aws_db_instance.bad-db"] },
  "KIT-RDS-013": { pass: ["aws_db_instance.db", "aws_db_instance.bad-db-aws-key"], fail: ["aws_db_instance.bad-db"] },
  "KIT-RDS-016": {
    pass: ["aws_db_instance.db", "aws_db_instance.db-replica", "aws_db_instance.bad-db"],
    fail: ["aws_db_instance.bad-db-managed-password"],
  },
  "KIT-RDS-017": {
    pass: ["aws_db_instance.db-replica"],
    fail: ["aws_db_instance.bad-db-replica", "aws_db_instance.bad-db-replica-bare"],
  },
  "KIT-RDS-014": { pass: ["aws_db_instance.db"], fail: ["aws_db_instance.bad-db"] },
  "KIT-RDS-015": { pass: ["aws_db_instance.db", "aws_db_instance.bad-db-aws-key"], fail: ["aws_db_instance.bad-db", "aws_db_instance.bad-db-old-postgres"] },
  "KIT-S3-001": {
    pass: ["aws_s3_bucket.bucket", "aws_s3_bucket.logs-bucket"],
    fail: ["aws_s3_bucket.bad-bucket", "aws_s3_bucket.bad-bucket-partial"],
  },
  "KIT-S3-002": {
    pass: ["aws_s3_bucket.bucket", "aws_s3_bucket.logs-bucket"],
    fail: ["aws_s3_bucket.bad-bucket", "aws_s3_bucket.bad-bucket-partial", "aws_s3_bucket.bad-bucket-aws-key"],
  },
  "KIT-S3-003": { pass: ["aws_s3_bucket.bucket", "aws_s3_bucket.logs-bucket"], fail: ["aws_s3_bucket.bad-bucket"] },
  "KIT-S3-004": { pass: ["aws_s3_bucket.bucket", "aws_s3_bucket.logs-bucket"], fail: ["aws_s3_bucket.bad-bucket"] },
  "KIT-S3-005": { pass: ["aws_s3_bucket.bucket", "aws_s3_bucket.logs-bucket"], fail: ["aws_s3_bucket.bad-bucket"] },
  "KIT-S3-006": { pass: ["aws_s3_bucket.bucket", "aws_s3_bucket.logs-bucket"], fail: ["aws_s3_bucket.bad-bucket"] },
  "KIT-S3-007": { pass: ["aws_s3_bucket.bucket"], fail: ["aws_s3_bucket_acl.bad-bucket-acl"] },
  "KIT-S3-008": { pass: ["aws_s3_bucket.bucket"], fail: ["aws_s3_bucket.bad-bucket"] },
  "KIT-S3-009": {
    pass: ["aws_s3_bucket_server_side_encryption_configuration.bucket-sse"],
    fail: ["aws_s3_bucket_server_side_encryption_configuration.bad-bucket-aws-key-sse"],
  },
  "KIT-SECRETS-001": { pass: ["aws_secretsmanager_secret.secret"], fail: ["aws_secretsmanager_secret.bad-secret"] },
  "KIT-SECRETS-002": { pass: ["aws_secretsmanager_secret.secret"], fail: ["aws_secretsmanager_secret.bad-secret"] },
  "KIT-SECRETS-003": { pass: ["aws_secretsmanager_secret_version.secret-version"], fail: ["aws_secretsmanager_secret_version.bad-secret-version"] },
  "KIT-SECRETS-004": { pass: ["aws_secretsmanager_secret_version.secret-version"], fail: ["aws_secretsmanager_secret_version.bad-secret-version"] },
  "KIT-SG-001": {
    pass: ["aws_security_group.sg", "aws_security_group_rule.sg-rule", "aws_vpc_security_group_ingress_rule.sg-ingress"],
    fail: ["aws_security_group.bad-sg", "aws_security_group_rule.bad-sg-rule", "aws_vpc_security_group_ingress_rule.bad-sg-ingress"],
  },
  "KIT-SG-002": {
    pass: ["aws_security_group.sg", "aws_security_group_rule.sg-rule", "aws_vpc_security_group_egress_rule.sg-egress"],
    fail: ["aws_security_group.bad-sg", "aws_vpc_security_group_ingress_rule.bad-sg-ingress", "aws_vpc_security_group_egress_rule.bad-sg-egress"],
  },
  "KIT-SNS-001": { pass: ["aws_sns_topic.topic"], fail: ["aws_sns_topic.bad-topic"] },
  "KIT-SQS-001": { pass: ["aws_sqs_queue.queue", "aws_sqs_queue.dlq"], fail: ["aws_sqs_queue.bad-queue", "aws_sqs_queue.bad-queue-aws-key"] },
  "KIT-SQS-002": { pass: ["aws_sqs_queue.queue", "aws_sqs_queue.dlq"], fail: ["aws_sqs_queue.bad-queue"] },
  "KIT-VPC-001": { pass: ["aws_vpc.vpc"], fail: ["aws_vpc.bad-vpc"] },
  "KIT-VPC-002": { pass: ["aws_vpc.vpc"], fail: ["aws_vpc.bad-vpc", "aws_vpc.bad-vpc-open-default"] },
  "KIT-VPC-003": { pass: ["aws_flow_log.vpc-flow-log"], fail: ["aws_flow_log.bad-flow-log"] },
};

let compliant: PolicyReport;
let noncompliant: PolicyReport;

beforeAll(() => {
  const json = fixtureJson();
  compliant = evaluate(json.compliant, KIT_RULES, { versions: testVersions });
  noncompliant = evaluate(json.noncompliant, KIT_RULES, { versions: testVersions });
});

/** Resources named bad-* live in the non-compliant fixture; some of them pass the rules they are not about. */
function statusOf(rule: string, address: string): string {
  const report = address.includes(".bad-") ? noncompliant : compliant;
  return report.findings.find((f) => f.rule === rule && f.address === address)?.status ?? "no finding";
}

describe.each(Object.entries(CASES))("%s", (rule, { pass, fail }) => {
  test.each(pass)("passes %s", (address) => expect(statusOf(rule, address)).toBe("pass"));
  test.each(fail)("fails %s", (address) => expect(statusOf(rule, address)).toBe("fail"));
});

test("every rule has at least one compliant and one non-compliant case", () => {
  const missing = KIT_RULES.filter((r) => !(CASES[r.id]?.pass.length && CASES[r.id]?.fail.length)).map((r) => r.id);
  expect(missing).toEqual([]);
  expect(Object.keys(CASES).sort()).toEqual(KIT_RULES.map((r) => r.id).sort());
});

test("no rule throws on either fixture: a rule that throws is a pack error, never a finding", () => {
  expect(compliant.packErrors).toEqual([]);
  expect(noncompliant.packErrors).toEqual([]);
});

test("the compliant fixture has no failing finding at all", () => {
  expect(compliant.findings.filter((f) => f.status !== "pass")).toEqual([]);
});

test("a failure message says what is wrong", () => {
  const finding = noncompliant.findings.find((f) => f.rule === "KIT-SG-001" && f.address === "aws_security_group.bad-sg");
  expect(finding?.message).toBe("ingress[0] admits tcp 22 from 0.0.0.0/0");
  expect(finding?.fix).toMatch(/allowFrom/);
});
