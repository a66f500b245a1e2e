import { ruleSuite } from "./harness";

type Stmt = Record<string, unknown>;
const doc = (...statements: Stmt[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (action: unknown, resource: unknown = "arn:aws:s3:::docs/*", extra: Stmt = {}) => ({ Effect: "Allow", Action: action, Resource: resource, ...extra });
const policy = (...statements: Stmt[]) => ({ aws_iam_policy: { p: { policy: doc(...statements) } } });
const role = (trust: Stmt[], inline: { name: string; policy: string }[] = []) => ({
  aws_iam_role: { r: { assume_role_policy: doc(...trust), ...(inline.length > 0 ? { inline_policy: inline } : {}) } },
});
const SERVICE_TRUST = { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" };
const dataDoc = (statement: Stmt[]) => ({ aws_iam_policy_document: { d: { statement } } });
const DATA_REF = "${data.aws_iam_policy_document.d.json}";
const OIDC = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC";
const webIdentity = (condition?: Stmt) => ({
  Effect: "Allow",
  Principal: { Federated: OIDC },
  Action: "sts:AssumeRoleWithWebIdentity",
  ...(condition ? { Condition: condition } : {}),
});
const resourcePolicy = (type: string, attribute: string, ...statements: Stmt[]) => ({ [type]: { rp: { [attribute]: doc(...statements) } } });
const ANYONE = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::docs/*" };

ruleSuite("iam", {
  "KIT-IAM-001": [
    { name: "named actions", expect: ["pass"], resources: policy(allow(["s3:GetObject", "s3:PutObject"])) },
    { name: "a Deny on every action", expect: ["pass"], resources: policy(allow("s3:GetObject"), { Effect: "Deny", Action: "*", Resource: "*" }) },
    { name: "every action", expect: ["fail", "statement 1 allows *"], resources: policy(allow("*")) },
    { name: "a service wildcard in a named statement", expect: ["fail", 'statement "All" allows s3:*, kms:*'], resources: policy(allow(["s3:*", "s3:Get*", "kms:*"], "*", { Sid: "All" })) },
    { name: "a policy in one statement object", expect: ["fail", "statement 1 allows sqs:*"], resources: { aws_iam_role_policy: { p: { role: "r", policy: JSON.stringify({ Statement: allow("sqs:*") }) } } } },
    {
      name: "a role's inline policies are labelled",
      expect: ["fail", 'inline_policy "read" statement 2 allows *; inline_policy "write" statement 1 allows dynamodb:*'],
      resources: role([SERVICE_TRUST], [{ name: "read", policy: doc(allow("s3:GetObject"), allow("*")) }, { name: "write", policy: doc(allow("dynamodb:*")) }]),
    },
    {
      name: "a role whose inline policies only Terraform can render",
      expect: ["pass", 'not checked: inline_policy "a": the policy is not a JSON document known at synth time; inline_policy "b": the policy is not a JSON document known at synth time'],
      resources: role([SERVICE_TRUST], [{ name: "a", policy: "${jsonencode(local.a)}" }, { name: "b", policy: "${jsonencode(local.b)}" }]),
    },
    { name: "a role's single inline policy", expect: ["fail", "statement 1 allows *"], resources: role([SERVICE_TRUST], [{ name: "all", policy: doc(allow("*")) }]) },
    { name: "a role without inline policies", expect: ["n/a"], resources: role([SERVICE_TRUST]) },
    { name: "a user policy", expect: ["fail", "statement 1 allows *"], resources: { aws_iam_user_policy: { p: { user: "u", policy: doc(allow("*")) } } } },
    { name: "a group policy", expect: ["fail", "statement 1 allows *"], resources: { aws_iam_group_policy: { p: { group: "g", policy: doc(allow("*")) } } } },
    {
      name: "a policy document data source",
      expect: ["fail", "statement 1 allows ec2:*"],
      resources: { aws_iam_policy: { p: { policy: DATA_REF } } },
      data: dataDoc([{ actions: ["ec2:*"], resources: ["*"] }]),
    },
    {
      name: "a data source inheriting a source document",
      expect: ["fail", "statement 1 allows *"],
      resources: { aws_iam_policy: { p: { policy: DATA_REF } } },
      data: { aws_iam_policy_document: { d: { source_policy_documents: [doc(allow("*"))], statement: [{ actions: ["s3:GetObject"], resources: ["*"] }] } } },
    },
    {
      name: "a data source of another stack",
      expect: ["pass", "not checked: policy: ${data.aws_iam_policy_document.elsewhere.json} is not in this stack"],
      resources: { aws_iam_policy: { p: { policy: "${data.aws_iam_policy_document.elsewhere.json}" } } },
    },
    {
      name: "a policy only Terraform can render",
      expect: ["pass", "not checked: policy: the policy is not a JSON document known at synth time"],
      resources: { aws_iam_policy: { p: { policy: "${jsonencode(local.p)}" } } },
    },
  ],
  "KIT-IAM-002": [
    { name: "named actions", expect: ["pass"], resources: policy(allow("s3:GetObject")) },
    { name: "a Deny with NotAction", expect: ["pass"], resources: policy({ Effect: "Deny", NotAction: "iam:*", Resource: "*" }) },
    { name: "an Allow with NotAction", expect: ["fail", "statement 1 allows every action except iam:*, organizations:*"], resources: policy({ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }) },
    {
      name: "an Allow with not_actions in a data source",
      expect: ["fail", 'statement "Most" allows every action except iam:*'],
      resources: { aws_iam_role_policy: { p: { role: "r", policy: DATA_REF } } },
      data: dataDoc([{ sid: "Most", not_actions: ["iam:*"], resources: ["*"] }]),
    },
  ],
  "KIT-IAM-003": [
    { name: "named resources", expect: ["pass"], resources: policy(allow("s3:GetObject")) },
    { name: "actions that take no resource", expect: ["pass"], resources: policy(allow(["ECR:GetAuthorizationToken", "ec2:DescribeInstances", "s3:ListAllMyBuckets", "xray:PutTraceSegments"], "*")) },
    { name: "a condition narrows it", expect: ["pass"], resources: policy(allow("ec2:StartInstances", "*", { Condition: { StringEquals: { "aws:ResourceTag/team": "data" } } })) },
    { name: "a Deny on every resource", expect: ["pass"], resources: policy({ Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" }) },
    {
      name: "restrictable actions on every resource",
      expect: ["fail", 'statement 1 allows s3:GetObject, * on "*"'],
      resources: policy(allow(["s3:GetObject", "ec2:DescribeVpcs", "*"], ["arn:aws:s3:::docs/*", "*"])),
    },
    {
      name: "List in the middle of an action name is not a List action",
      expect: ["fail", 'statement 1 allows ec2:GetManagedPrefixListEntries on "*"'],
      resources: policy(allow("ec2:GetManagedPrefixListEntries", "*")),
    },
    {
      name: "an empty condition does not narrow it",
      expect: ["fail", 'statement 1 allows kms:Decrypt on "*"'],
      resources: policy(allow("kms:Decrypt", "*", { Condition: { StringEquals: {} } })),
    },
    {
      name: "a data source condition narrows it",
      expect: ["pass"],
      resources: { aws_iam_policy: { p: { policy: DATA_REF } } },
      data: dataDoc([{ actions: ["ec2:StopInstances"], resources: ["*"], condition: [{ test: "StringEquals", variable: "aws:ResourceTag/team", values: ["data"] }] }]),
    },
  ],
  "KIT-IAM-004": [
    { name: "a service principal", expect: ["pass"], resources: role([SERVICE_TRUST]) },
    { name: "anyone, narrowed by a condition", expect: ["pass"], resources: role([{ ...SERVICE_TRUST, Principal: { AWS: "*" }, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } }]) },
    { name: "anyone", expect: ["fail", "statement 1 lets any AWS principal assume the role"], resources: role([{ ...SERVICE_TRUST, Principal: "*" }]) },
    { name: "any account's root", expect: ["fail", 'statement "X" lets any AWS principal assume the role'], resources: role([{ ...SERVICE_TRUST, Sid: "X", Principal: { AWS: ["arn:aws:iam::*:root"] } }]) },
    { name: "a Deny for anyone", expect: ["pass"], resources: role([SERVICE_TRUST, { ...SERVICE_TRUST, Effect: "Deny", Principal: "*" }]) },
    {
      name: "OIDC scoped by :sub",
      expect: ["pass"],
      resources: role([webIdentity({ StringEquals: { "oidc.eks.us-west-2.amazonaws.com/id/ABC:Sub": "system:serviceaccount:app:api" } })]),
    },
    {
      name: "OIDC scoped by :aud only",
      expect: ["fail", "statement 1 lets every identity of the OIDC provider assume the role (no :sub condition)"],
      resources: role([webIdentity({ StringEquals: { "oidc.eks.us-west-2.amazonaws.com/id/ABC:aud": "sts.amazonaws.com" } })]),
    },
    {
      name: "OIDC unscoped, among other actions",
      expect: ["fail", "statement 1 lets every identity of the OIDC provider assume the role (no :sub condition)"],
      resources: role([{ ...webIdentity(), Action: ["sts:TagSession", "sts:AssumeRoleWithWebIdentity"] }]),
    },
    { name: "a SAML federation is not an OIDC trust", expect: ["pass"], resources: role([{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::1:saml-provider/idp" }, Action: "sts:AssumeRoleWithSAML" }]) },
    { name: "a statement without a principal", expect: ["pass"], resources: role([{ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity" }]) },
    { name: "OIDC unscoped", expect: ["fail", "statement 1 lets every identity of the OIDC provider assume the role (no :sub condition)"], resources: role([webIdentity()]) },
    {
      name: "web identity without a federated principal is not an OIDC trust",
      expect: ["pass"],
      resources: role([{ Effect: "Allow", Principal: { Service: "x.amazonaws.com" }, Action: "sts:AssumeRoleWithWebIdentity" }]),
    },
    {
      name: "a trust document data source",
      expect: ["fail", "statement 1 lets any AWS principal assume the role"],
      resources: { aws_iam_role: { r: { assume_role_policy: DATA_REF } } },
      data: dataDoc([{ actions: ["sts:AssumeRole"], principals: [{ type: "*", identifiers: ["*"] }] }]),
    },
    {
      name: "a data source trusting AWS *",
      expect: ["fail", "statement 1 lets any AWS principal assume the role"],
      resources: { aws_iam_role: { r: { assume_role_policy: DATA_REF } } },
      data: dataDoc([{ actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: ["*"] }] }]),
    },
    {
      name: "a data source OIDC trust scoped by :sub",
      expect: ["pass"],
      resources: { aws_iam_role: { r: { assume_role_policy: DATA_REF } } },
      data: dataDoc([
        {
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: [OIDC] }],
          condition: [
            { test: "StringEquals", variable: "oidc.eks.us-west-2.amazonaws.com/id/ABC:aud", values: ["sts.amazonaws.com"] },
            { test: "StringEquals", variable: "oidc.eks.us-west-2.amazonaws.com/id/ABC:sub", values: ["system:serviceaccount:app:api"] },
          ],
        },
      ]),
    },
  ],
  "KIT-IAM-005": [
    { name: "a bucket policy for a named account", expect: ["pass"], resources: resourcePolicy("aws_s3_bucket_policy", "policy", { ...ANYONE, Principal: { AWS: "arn:aws:iam::111122223333:root" } }) },
    { name: "a statement without a principal", expect: ["pass"], resources: resourcePolicy("aws_sqs_queue_policy", "policy", { Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }) },
    { name: "anyone, with a condition", expect: ["pass"], resources: resourcePolicy("aws_sqs_queue_policy", "policy", { ...ANYONE, Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:sns:x" } } }) },
    { name: "a Deny for anyone", expect: ["pass"], resources: resourcePolicy("aws_s3_bucket_policy", "policy", { ...ANYONE, Effect: "Deny" }) },
    { name: "a queue policy for anyone", expect: ["fail", "statement 1 allows any principal without conditions"], resources: resourcePolicy("aws_sqs_queue_policy", "policy", ANYONE) },
    { name: "a key policy for AWS *", expect: ["fail", "statement 1 allows any principal without conditions"], resources: resourcePolicy("aws_kms_key", "policy", { ...ANYONE, Principal: { AWS: ["*"] } }) },
    {
      name: "a log resource policy reads policy_document",
      expect: ["fail", "statement 1 allows any principal without conditions"],
      resources: { aws_cloudwatch_log_resource_policy: { rp: { policy_name: "p", policy_document: doc(ANYONE) } } },
    },
    {
      name: "a secret with an inline policy for anyone",
      expect: ["fail", "statement 1 allows any principal without conditions"],
      resources: resourcePolicy("aws_secretsmanager_secret", "policy", ANYONE),
    },
  ],
  "KIT-IAM-006": [
    { name: "a read-only policy", expect: ["pass"], resources: { aws_iam_role_policy_attachment: { a: { role: "r", policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" } } } },
    {
      name: "a customer policy whose name ends like an admin policy",
      expect: ["pass"],
      resources: { aws_iam_role_policy_attachment: { a: { role: "r", policy_arn: "arn:aws:iam::111122223333:policy/NotAdministratorAccess" } } },
    },
    {
      name: "AdministratorAccess on a role",
      expect: ["fail", "attaches arn:aws:iam::aws:policy/AdministratorAccess"],
      resources: { aws_iam_role_policy_attachment: { a: { role: "r", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" } } },
    },
    {
      name: "admin policies among an exclusive set",
      expect: ["fail", "attaches arn:aws:iam::aws:policy/PowerUserAccess; attaches arn:aws:iam::aws:policy/IAMFullAccess"],
      resources: {
        aws_iam_role_policy_attachments_exclusive: {
          a: { role_name: "r", policy_arns: ["arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/IAMFullAccess"] },
        },
      },
    },
    {
      name: "a role's managed_policy_arns",
      expect: ["fail", "attaches arn:aws:iam::aws:policy/AdministratorAccess"],
      resources: { aws_iam_role: { a: { assume_role_policy: "{}", managed_policy_arns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } } },
    },
    {
      name: "a group attachment",
      expect: ["fail", "attaches arn:aws:iam::aws:policy/IAMFullAccess"],
      resources: { aws_iam_group_policy_attachment: { a: { group: "g", policy_arn: "arn:aws:iam::aws:policy/IAMFullAccess" } } },
    },
  ],
  "KIT-IAM-007": [
    { name: "a policy attachment to roles", expect: ["pass", "attached to roles or groups only"], resources: { aws_iam_policy_attachment: { a: { name: "a", policy_arn: "p", roles: ["r"] } } } },
    { name: "a policy attachment to users", expect: ["fail", "grants permissions directly to an IAM user"], resources: { aws_iam_policy_attachment: { a: { name: "a", policy_arn: "p", users: ["u"] } } } },
    { name: "a user policy", expect: ["fail", "grants permissions directly to an IAM user"], resources: { aws_iam_user_policy: { a: { user: "u", policy: doc(allow("s3:GetObject")) } } } },
    { name: "a user policy attachment", expect: ["fail", "grants permissions directly to an IAM user"], resources: { aws_iam_user_policy_attachment: { a: { user: "u", policy_arn: "p" } } } },
  ],
  "KIT-IAM-008": [
    { name: "unique Sids", expect: ["pass"], resources: policy(allow("s3:GetObject", undefined, { Sid: "A" }), allow("s3:PutObject", undefined, { Sid: "B" }), allow("s3:ListBucket"), allow("s3:GetObjectTagging")) },
    {
      name: "a repeated Sid, reported once",
      expect: ["fail", 'policy: Sid "A" appears more than once'],
      resources: policy(...["s3:GetObject", "s3:PutObject", "s3:DeleteObject"].map((a) => allow(a, undefined, { Sid: "A" }))),
    },
    {
      name: "a repeated Sid in a key policy",
      expect: ["fail", 'policy: Sid "Root" appears more than once; policy: Sid "Logs" appears more than once'],
      resources: resourcePolicy("aws_kms_key", "policy", ...["Root", "Logs", "Root", "Logs"].map((Sid) => ({ ...ANYONE, Sid }))),
    },
    {
      name: "a repeated Sid in a log resource policy",
      expect: ["fail", 'policy_document: Sid "A" appears more than once'],
      resources: { aws_cloudwatch_log_resource_policy: { rp: { policy_name: "p", policy_document: doc({ ...ANYONE, Sid: "A" }, { ...ANYONE, Sid: "A" }) } } },
    },
    {
      name: "the same Sid in two inline policies of a role is fine",
      expect: ["pass"],
      resources: role([SERVICE_TRUST], [{ name: "a", policy: doc(allow("s3:GetObject", undefined, { Sid: "S" })) }, { name: "b", policy: doc(allow("s3:PutObject", undefined, { Sid: "S" })) }]),
    },
    {
      name: "a repeated Sid within one inline policy",
      expect: ["fail", 'inline_policy "b": Sid "S" appears more than once'],
      resources: role([SERVICE_TRUST], [{ name: "a", policy: "${jsonencode(local.p)}" }, { name: "b", policy: doc(allow("s3:GetObject", undefined, { Sid: "S" }), allow("s3:PutObject", undefined, { Sid: "S" })) }]),
    },
    { name: "a policy only Terraform can render", expect: ["n/a"], resources: { aws_iam_policy: { p: { policy: "${jsonencode(local.p)}" } } } },
    { name: "a role without inline policies", expect: ["n/a"], resources: role([SERVICE_TRUST]) },
  ],
});
