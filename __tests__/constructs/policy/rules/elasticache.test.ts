import { ruleSuite } from "./harness";

const KEY = "${aws_kms_key.cache.arn}";
const rg = (config: Record<string, unknown>) => ({ aws_elasticache_replication_group: { cache: { replication_group_id: "cache", description: "d", ...config } } });
const notRequired = "not required: the environment does not ask for";

function valkeyGroup(users: Record<string, Record<string, unknown>>, ids: string[]) {
  return {
    aws_elasticache_user_group: { group: { engine: "valkey", user_group_id: "app", user_ids: ids } },
    aws_elasticache_user: Object.fromEntries(Object.entries(users).map(([name, c]) => [name, { engine: "valkey", user_name: name, access_string: "on ~* +@all", ...c }])),
  };
}

ruleSuite("elasticache", {
  "KIT-ELASTICACHE-001": [
    { name: "encrypted with the cache key", expect: ["pass"], resources: rg({ at_rest_encryption_enabled: "true", kms_key_id: KEY }) },
    { name: "not encrypted at rest", expect: ["fail", "at_rest_encryption_enabled is not true"], resources: rg({ kms_key_id: KEY }) },
    { name: "encrypted with an AWS key", expect: ["fail", "kms_key_id: no KMS key is set, so the service uses an AWS-managed key"], resources: rg({ at_rest_encryption_enabled: "true" }) },
    { name: "a serverless cache with the cache key", expect: ["pass"], resources: { aws_elasticache_serverless_cache: { cache: { name: "c", engine: "valkey", kms_key_id: KEY } } } },
    {
      name: "a serverless cache with an AWS key",
      expect: ["fail", "kms_key_id: no KMS key is set, so the service uses an AWS-managed key"],
      resources: { aws_elasticache_serverless_cache: { cache: { name: "c", engine: "valkey" } } },
    },
  ],
  "KIT-ELASTICACHE-002": [
    { name: "TLS required by default mode", expect: ["pass"], resources: rg({ transit_encryption_enabled: true }) },
    { name: "TLS mode required", expect: ["pass"], resources: rg({ transit_encryption_enabled: true, transit_encryption_mode: "required" }) },
    { name: "no TLS", expect: ["fail", "transit_encryption_enabled is not true"], resources: rg({}) },
    {
      name: "TLS preferred",
      expect: ["fail", 'transit_encryption_mode is "preferred", so plaintext clients are still accepted'],
      resources: rg({ transit_encryption_enabled: true, transit_encryption_mode: "preferred" }),
    },
  ],
  "KIT-ELASTICACHE-003": [
    { name: "RBAC user group", expect: ["pass"], resources: rg({ user_group_ids: ["${aws_elasticache_user_group.group.id}"] }) },
    { name: "auth token", expect: ["pass"], resources: rg({ auth_token: "${var.token}" }) },
    { name: "neither", expect: ["fail", "neither auth_token nor user_group_ids is set"], resources: rg({}) },
    { name: "an empty user group list", expect: ["fail", "neither auth_token nor user_group_ids is set"], resources: rg({ user_group_ids: [] }) },
  ],
  "KIT-ELASTICACHE-004": [
    { name: "a week of snapshots", expect: ["pass"], resources: rg({ snapshot_retention_limit: 7 }) },
    { name: "six days", expect: ["fail", "snapshot_retention_limit is 6; at least 7 required"], resources: rg({ snapshot_retention_limit: 6 }) },
    { name: "unset", expect: ["fail", "snapshot_retention_limit is unset (no snapshots); at least 7 required"], resources: rg({}) },
    { name: "from an expression", expect: ["pass", "retention comes from an expression; not checked"], resources: rg({ snapshot_retention_limit: "${var.days}" }) },
    { name: "an environment without data protection", expect: ["pass", `${notRequired} data protection`], settings: { deletionProtection: false }, resources: rg({}) },
  ],
  "KIT-ELASTICACHE-005": [
    { name: "failover and Multi-AZ", expect: ["pass"], resources: rg({ automatic_failover_enabled: true, multi_az_enabled: true }) },
    { name: "neither", expect: ["fail", "automatic_failover_enabled is not true; multi_az_enabled is not true"], resources: rg({}) },
    { name: "failover without Multi-AZ", expect: ["fail", "multi_az_enabled is not true"], resources: rg({ automatic_failover_enabled: true }) },
    { name: "Multi-AZ without failover", expect: ["fail", "automatic_failover_enabled is not true"], resources: rg({ multi_az_enabled: true, automatic_failover_enabled: false }) },
    { name: "an environment without Multi-AZ", expect: ["pass", `${notRequired} Multi-AZ`], settings: { multiAz: false }, resources: rg({}) },
  ],
  "KIT-ELASTICACHE-006": [
    { name: "absent", expect: ["pass"], resources: rg({}) },
    { name: "false", expect: ["fail", "auto_minor_version_upgrade is false"], resources: rg({ auto_minor_version_upgrade: "false" }) },
  ],
  "KIT-ELASTICACHE-007": [
    {
      name: "slow log delivered",
      expect: ["pass"],
      resources: rg({
        log_delivery_configuration: [
          { log_type: "engine-log", destination: "g", destination_type: "cloudwatch-logs", log_format: "json" },
          { log_type: "slow-log", destination: "g", destination_type: "cloudwatch-logs", log_format: "json" },
        ],
      }),
    },
    { name: "no delivery", expect: ["fail", "no log_delivery_configuration for the slow log"], resources: rg({}) },
    {
      name: "engine log only",
      expect: ["fail", "no log_delivery_configuration for the slow log"],
      resources: rg({ log_delivery_configuration: [{ log_type: "engine-log", destination: "g", destination_type: "cloudwatch-logs", log_format: "json" }] }),
    },
  ],
  "KIT-ELASTICACHE-008": [
    { name: "a catalog Valkey version", expect: ["pass", "valkey 8.0: in the test catalog"], resources: rg({ engine: "valkey", engine_version: "8.0" }) },
    { name: "Redis by default", expect: ["pass", "redis 7.1: in the test catalog"], resources: rg({ engine_version: "7.1" }) },
    { name: "a Valkey version the catalog rejects", expect: ["fail", "valkey 7.2 is not supported: supported: 8.0"], resources: rg({ engine: "valkey", engine_version: "7.2" }) },
    { name: "a Redis version judged as Redis", expect: ["fail", "redis 8.0 is not supported: supported: 7.1"], resources: rg({ engine: "redis", engine_version: "8.0" }) },
    { name: "unpinned", expect: ["fail", "valkey version is not pinned, so it changes with the provider's default"], resources: rg({ engine: "valkey" }) },
  ],
  "KIT-ELASTICACHE-009": [
    {
      name: "IAM and password users, all in the stack: no note",
      expect: ["pass"],
      resources: valkeyGroup(
        { app: { user_id: "app", authentication_mode: { type: "iam" } }, admin: { user_id: "admin", authentication_mode: { type: "password", passwords: ["x"] } } },
        ["${aws_elasticache_user.app.user_id}", "admin"],
      ),
    },
    {
      name: "a passwordless member by reference",
      expect: ["fail", "member default authenticates with no-password-required"],
      resources: valkeyGroup({ nopass: { user_id: "default", authentication_mode: { type: "no-password-required" } } }, ["${aws_elasticache_user.nopass.user_id}"]),
    },
    {
      name: "a passwordless member by literal id, and one without user_id",
      expect: ["fail", "member default authenticates with no-password-required; member aws_elasticache_user.anon authenticates with no-password-required"],
      resources: valkeyGroup(
        { nopass: { user_id: "default", authentication_mode: { type: "no-password-required" } }, anon: { authentication_mode: { type: "no-password-required" } } },
        ["default", "${aws_elasticache_user.anon.id}"],
      ),
      rawShape: "a user without its required user_id, to reach the address fallback",
    },
    {
      name: "members outside the stack are named in the note",
      expect: ["pass", "users outside this stack are not checked: ${data.aws_elasticache_user.shared.user_id}, ${aws_iam_role.x.id}, elsewhere"],
      resources: valkeyGroup({ mode: { user_id: "m" } }, ["${data.aws_elasticache_user.shared.user_id}", "${aws_iam_role.x.id}", "elsewhere", "m"]),
    },
    {
      name: "a literal id matching no user does not pick another",
      expect: ["pass", "users outside this stack are not checked: elsewhere"],
      resources: valkeyGroup({ nopass: { user_id: "default", authentication_mode: { type: "no-password-required" } } }, ["elsewhere"]),
    },
    {
      name: "a Redis OSS group may hold the default user",
      expect: ["n/a"],
      resources: { aws_elasticache_user_group: { group: { engine: "redis", user_group_id: "app", user_ids: ["default"] } } },
    },
  ],
});
