import { ruleSuite } from "./harness";

const KEY = "${aws_kms_key.secrets.arn}";
const fn = (config: Record<string, unknown>) => ({ aws_lambda_function: { fn: { function_name: "ingest", role: "r", ...config } } });
const env = (variables: Record<string, unknown>) => ({ environment: { variables } });
const logGroup = (name: string) => ({ aws_cloudwatch_log_group: { lg: { name } } });
const permission = (config: Record<string, unknown>) => ({ aws_lambda_permission: { p: { action: "lambda:InvokeFunction", function_name: "ingest", ...config } } });

ruleSuite("lambda", {
  "KIT-LAMBDA-001": [
    { name: "variables under the secrets key", expect: ["pass"], resources: fn({ ...env({ STAGE: "prod" }), kms_key_arn: KEY }) },
    { name: "variables under the AWS key", expect: ["fail", "kms_key_arn: no KMS key is set, so the service uses an AWS-managed key"], resources: fn(env({ STAGE: "prod" })) },
    { name: "no variables", expect: ["n/a"], resources: fn({}) },
    { name: "an empty variables map", expect: ["n/a"], resources: fn(env({})) },
  ],
  "KIT-LAMBDA-002": [
    {
      name: "references to secrets",
      expect: ["pass"],
      resources: fn(env({ DB_SECRET_ARN: "${aws_secretsmanager_secret.db.arn}", DB_PASSWORD: "${var.password}", API_TOKEN: "arn:aws:secretsmanager:x", AUTH: "", PASSWORD_LENGTH: "32" })),
    },
    {
      name: "literal credentials, by name and by shape",
      expect: ["fail", "DB_PASSWORD holds a literal secret; api_key holds a literal secret; CLIENT_PRIVATEKEY holds a literal secret; KEY holds a literal secret"],
      resources: fn(env({ DB_PASSWORD: "hunter2", api_key: "k", CLIENT_PRIVATEKEY: "-----BEGIN", STAGE: "prod", KEY: "AKIAABCDEFGHIJKLMNOP" })),
      rawShape: "a lower-case variable name, which the attribute-name check would camel-case",
    },
    { name: "an access key id even behind an expression-like value", expect: ["fail", "CONFIG holds a literal secret"], resources: fn(env({ CONFIG: "${x} ASIAABCDEFGHIJKLMNOP" })) },
    { name: "the end of a word is not a credential", expect: ["pass"], resources: fn(env({ BYPASS: "1", TOKENIZER: "x", SECRETS_PREFIX: "app/" })) },
    { name: "values that are not strings", expect: ["pass"], resources: fn(env({ DB_PASSWORD: 12345, AUTH: "" })), rawShape: "a number where the schema has a string map" },
    { name: "no environment", expect: ["n/a"], resources: fn({}) },
  ],
  "KIT-LAMBDA-003": [
    { name: "a catalog runtime", expect: ["pass", "runtime nodejs22.x: in the test catalog"], resources: fn({ runtime: "nodejs22.x" }) },
    { name: "a deprecated runtime", expect: ["fail", "runtime nodejs18.x is deprecated by AWS"], resources: fn({ runtime: "nodejs18.x" }) },
    { name: "deprecated even without a catalog", expect: ["fail", "runtime python3.8 is deprecated by AWS"], versions: null, resources: fn({ runtime: "python3.8" }) },
    { name: "a runtime the catalog does not list", expect: ["fail", "runtime python3.13 is not supported: supported: nodejs22.x, nodejs24.x"], resources: fn({ runtime: "python3.13" }) },
    { name: "no runtime", expect: ["fail", "runtime version is not pinned, so it changes with the provider's default"], resources: fn({}) },
    { name: "container images have no runtime", expect: ["n/a"], resources: fn({ package_type: "Image", image_uri: "x" }) },
  ],
  "KIT-LAMBDA-004": [
    { name: "active tracing", expect: ["pass"], resources: fn({ tracing_config: { mode: "Active" } }) },
    { name: "pass-through tracing", expect: ["fail", "tracing_config.mode is not Active"], resources: fn({ tracing_config: { mode: "PassThrough" } }) },
    { name: "no tracing config", expect: ["fail", "tracing_config.mode is not Active"], resources: fn({}) },
  ],
  "KIT-LAMBDA-005": [
    { name: "in private subnets", expect: ["pass"], resources: fn({ vpc_config: { subnet_ids: ["s1"], security_group_ids: ["sg"] } }) },
    { name: "a vpc_config without subnets", expect: ["fail", "no vpc_config subnets"], resources: fn({ vpc_config: { subnet_ids: [], security_group_ids: [] } }) },
    { name: "no vpc_config", expect: ["fail", "no vpc_config subnets"], resources: fn({}) },
  ],
  "KIT-LAMBDA-006": [
    { name: "reserved", expect: ["pass"], resources: fn({ reserved_concurrent_executions: 10 }) },
    { name: "reserved 0 (throttled) counts as set", expect: ["pass"], resources: fn({ reserved_concurrent_executions: 0 }) },
    { name: "unset", expect: ["fail", "reserved_concurrent_executions is unset"], resources: fn({}) },
    { name: "-1 (unreserved)", expect: ["fail", "reserved_concurrent_executions is unset"], resources: fn({ reserved_concurrent_executions: -1 }) },
  ],
  "KIT-LAMBDA-007": [
    { name: "IAM auth", expect: ["pass"], resources: { aws_lambda_function_url: { url: { function_name: "ingest", authorization_type: "AWS_IAM" } } } },
    { name: "no auth", expect: ["fail", "authorization_type is NONE"], resources: { aws_lambda_function_url: { url: { function_name: "ingest", authorization_type: "NONE" } } } },
  ],
  "KIT-LAMBDA-008": [
    { name: "a service scoped by source ARN", expect: ["pass"], resources: permission({ principal: "s3.amazonaws.com", source_arn: "${aws_s3_bucket.docs.arn}" }) },
    { name: "a service scoped by account", expect: ["pass"], resources: permission({ principal: "events.amazonaws.com", source_account: "111122223333" }) },
    { name: "an account principal", expect: ["pass"], resources: permission({ principal: "111122223333" }) },
    { name: "anyone", expect: ["fail", 'principal is "*", so anyone can invoke the function'], resources: permission({ principal: "*" }) },
    {
      name: "an unscoped service",
      expect: ["fail", "sns.amazonaws.com may invoke the function on behalf of any account (no source_arn or source_account)"],
      resources: permission({ principal: "sns.amazonaws.com" }),
    },
  ],
  "KIT-LAMBDA-009": [
    { name: "the default log group created by the stack", expect: ["pass"], resources: { ...fn({}), ...logGroup("/aws/lambda/ingest") } },
    {
      name: "logging_config naming a stack log group by reference",
      expect: ["pass"],
      resources: { ...fn({ logging_config: { log_format: "JSON", log_group: "${aws_cloudwatch_log_group.lg.name}" } }), ...logGroup("/platform/ingest") },
    },
    {
      name: "logging_config naming a stack log group literally",
      expect: ["pass"],
      resources: { ...fn({ logging_config: { log_format: "JSON", log_group: "/platform/ingest" } }), ...logGroup("/platform/ingest") },
    },
    {
      name: "logging_config naming a group the stack does not create",
      expect: ["fail", 'no aws_cloudwatch_log_group named "/platform/ingest" in this stack, so the function creates one that never expires'],
      resources: { ...fn({ logging_config: { log_format: "JSON", log_group: "/platform/ingest" } }), ...logGroup("/aws/lambda/ingest") },
    },
    {
      name: "logging_config referencing a log group outside the stack",
      expect: ["fail", 'no aws_cloudwatch_log_group named "/aws/lambda/ingest" in this stack, so the function creates one that never expires'],
      resources: fn({ logging_config: { log_format: "JSON", log_group: "${aws_cloudwatch_log_group.elsewhere.name}" } }),
    },
    {
      name: "no log group",
      expect: ["fail", 'no aws_cloudwatch_log_group named "/aws/lambda/ingest" in this stack, so the function creates one that never expires'],
      resources: fn({}),
    },
    { name: "a function named by an expression", expect: ["pass", "function_name is an expression; its log group could not be matched"], resources: fn({ function_name: "${var.name}" }) },
  ],
});
