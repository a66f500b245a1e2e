import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { platform } from "../../config/environments";
import { handlerPackages } from "../../constructs/handlers/handler-packages";
import { PlatformHandlers } from "../../constructs/handlers/platform-handlers";
import { buildPlatform } from "../../stacks/app";
import { handlersOf, at, handlersIn, list, statementsOf, under, type Statement } from "../constructs/handlers/fixtures";
import { synthPlatformTo, type SynthJson } from "../helpers";

const HANDLERS = ["ingestion", "query", "migrate", "broker-setup"] as const;
const prod = handlersIn("prod");
const dev = handlersIn("dev");

/** Every statement of every inline policy on a handler's role, wherever the granting construct put it. */
function roleStatements(json: SynthJson, name: string): Statement[] {
  const role = new RegExp(`^\\$\\{aws_iam_role\\.handlers_${name}_role_[0-9A-F]{8}\\.name\\}$`);
  return Object.values(json.resource?.aws_iam_role_policy ?? {})
    .filter((p) => role.test(String(p.role)))
    .flatMap((p) => statementsOf(p));
}

// Actions that take no resource ARN: X-Ray, and the network-interface actions of AWSLambdaVPCAccessExecutionRole.
const NO_RESOURCE_ACTIONS = new Set([
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "ec2:CreateNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
]);

const actionsOf = (statements: Statement[]) => statements.flatMap((s) => list(s.Action));

describe.each([
  ["prod", prod],
  ["dev", dev],
])("%s-platform with handlers: least-privilege roles", (_env, { json }) => {
  it.each(HANDLERS)("%s: no wildcard actions, and '*' resources only for actions that take none", (name) => {
    const statements = roleStatements(json, name);
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) {
      expect(s.Effect).toBe("Allow");
      for (const action of list(s.Action)) expect(action).not.toMatch(/(^\*$|:\*$)/);
      if (list(s.Resource).includes("*")) {
        expect(list(s.Action).filter((a) => !NO_RESOURCE_ACTIONS.has(a))).toEqual([]);
      }
    }
  });

  it("reads the documents bucket from ingestion only: objects under uploads/ (and the prefix's listing)", () => {
    const s3 = roleStatements(json, "ingestion").filter((s) => list(s.Action).some((a) => a.startsWith("s3:")));
    expect(s3).toEqual([
      { Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: expect.stringMatching(/^\$\{aws_s3_bucket\.buckets_documents_bucket_[0-9A-F]{8}\.arn\}\/uploads\/\*$/) },
      {
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: expect.stringMatching(/^\$\{aws_s3_bucket\.buckets_documents_bucket_[0-9A-F]{8}\.arn\}$/),
        Condition: { StringLike: { "s3:prefix": "uploads/*" } },
      },
    ]);
    for (const name of ["query", "migrate"]) expect(actionsOf(roleStatements(json, name)).filter((a) => a.startsWith("s3:"))).toEqual([]);
  });

  it("decrypts documents only through S3 for that bucket", () => {
    const kms = roleStatements(json, "ingestion").find((s) => s.Condition?.StringEquals?.["kms:ViaService"]?.toString().startsWith("s3."));
    expect(kms).toMatchObject({
      Action: ["kms:Decrypt"],
      Resource: expect.stringMatching(/^\$\{aws_kms_key\.keys_storage_key_/),
      Condition: { StringLike: { "kms:EncryptionContext:aws:s3:arn": expect.stringMatching(/buckets_documents_bucket_[0-9A-F]{8}\.arn\}\*$/) } },
    });
  });

  it("reads exactly the secrets each handler needs, decrypting through Secrets Manager only", () => {
    const secrets = (name: string) =>
      roleStatements(json, name)
        .filter((s) => list(s.Action).includes("secretsmanager:GetSecretValue"))
        .flatMap((s) => list(s.Resource).map((r) => /aws_secretsmanager_secret\.(database_master|broker_(admin|publisher|worker))-secret_/.exec(r)?.[1] ?? r))
        .sort();
    // The master secret is the migrate function's alone, the broker admin's the broker setup's; ingestion reads
    // its publisher user's, the query API none.
    expect(secrets("ingestion")).toEqual(["broker_publisher"]);
    expect(secrets("query")).toEqual([]);
    expect(secrets("migrate")).toEqual(["database_master"]);
    expect(secrets("broker-setup")).toEqual(["broker_admin", "broker_publisher", "broker_worker"]);
    expect(roleStatements(json, "query").filter((s) => String(s.Resource).includes("keys_secrets_key"))).toEqual([]);
    for (const name of ["ingestion", "migrate"]) {
      const decrypts = roleStatements(json, name).filter((s) => list(s.Action).includes("kms:Decrypt") && String(s.Resource).includes("keys_secrets_key"));
      expect(decrypts.length).toBeGreaterThan(0);
      for (const s of decrypts) expect(s.Condition).toEqual({ StringEquals: { "kms:ViaService": expect.stringMatching(/^secretsmanager\./) } });
    }
  });

  it("signs in to the database as each handler's own role (rds-db:connect), migrate with the master secret", () => {
    const connects = (name: string) => roleStatements(json, name).filter((s) => list(s.Action).includes("rds-db:connect"));
    for (const [name, role] of [["ingestion", "aec_ingestion"], ["query", "aec_query"]] as const) {
      expect(connects(name)).toEqual([
        {
          Effect: "Allow",
          Action: "rds-db:connect",
          Resource: expect.stringMatching(new RegExp(`^arn:\\$\\{data\\.aws_partition\\..*:dbuser:\\$\\{aws_db_instance\\.database_instance_[0-9A-F]{8}\\.resource_id\\}/${role}$`)),
        },
      ]);
    }
    expect(connects("migrate")).toEqual([]);
  });

  it("signs in to the cache as its app user from ingestion and query only", () => {
    for (const name of ["ingestion", "query"]) {
      expect(roleStatements(json, name).filter((s) => list(s.Action).includes("elasticache:Connect"))).toEqual([
        {
          Effect: "Allow",
          Action: "elasticache:Connect",
          Resource: [
            expect.stringMatching(/^\$\{aws_elasticache_replication_group\.cache_replication-group_[0-9A-F]{8}\.arn\}$/),
            expect.stringMatching(/^\$\{aws_elasticache_user\.cache_app-user_[0-9A-F]{8}\.arn\}$/),
          ],
        },
      ]);
    }
    expect(actionsOf(roleStatements(json, "migrate")).filter((a) => a.startsWith("elasticache:"))).toEqual([]);
  });

  it("runs the migrations on deploy once the database, the grants and the network path exist", () => {
    const invocation = at(json, "aws_lambda_invocation", "handlers/migrate-on-deploy");
    expect(invocation).toMatchObject({
      function_name: expect.stringMatching(/^\$\{aws_lambda_function\.handlers_migrate_function_[0-9A-F]{8}\.function_name\}$/),
      input: JSON.stringify({ source: "deploy" }),
      triggers: { bundle: handlerPackages().migrate.sha256, database: expect.stringMatching(/^\$\{aws_db_instance\.database_instance_[0-9A-F]{8}\.resource_id\}$/) },
    });
    expect(invocation.lifecycle_scope).toBeUndefined();
    const dependsOn = invocation.depends_on as string[];
    expect(dependsOn).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^aws_db_instance\.database_instance_/),
        expect.stringMatching(/^aws_secretsmanager_secret_version\.database_master-secret-value_/),
        expect.stringMatching(/^aws_iam_role_policy\.handlers_migrate_policy-read-database-secret_/),
        expect.stringMatching(/^aws_vpc_security_group_ingress_rule\.database_security-group_from-handlers-migrate-security-group_/),
        expect.stringMatching(/^aws_vpc_security_group_egress_rule\.handlers_migrate_to-database-security-group_/),
      ]),
    );
  });

  it("sets up the broker on deploy (topology, users) once the broker, its secrets, the grants and both network paths exist", () => {
    const invocation = at(json, "aws_lambda_invocation", "handlers/broker-setup-on-deploy");
    const version = (role: string) => expect.stringMatching(new RegExp(`^\\$\\{aws_secretsmanager_secret_version\\.broker_${role}-secret-value_[0-9A-F]{8}\\.version_id\\}$`));
    expect(invocation).toMatchObject({
      function_name: expect.stringMatching(/^\$\{aws_lambda_function\.handlers_broker-setup_function_[0-9A-F]{8}\.function_name\}$/),
      input: JSON.stringify({ source: "deploy" }),
      triggers: {
        bundle: handlerPackages()["broker-setup"].sha256,
        broker: expect.stringMatching(/^\$\{aws_mq_broker\.broker_[0-9A-F]{8}\.id\}$/),
        publisher: version("publisher"),
        worker: version("worker"),
      },
    });
    expect(invocation.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^aws_mq_broker\.broker_[0-9A-F]{8}$/),
        expect.stringMatching(/^aws_secretsmanager_secret_version\.broker_admin-secret-value_/),
        expect.stringMatching(/^aws_secretsmanager_secret_version\.broker_publisher-secret-value_/),
        expect.stringMatching(/^aws_secretsmanager_secret_version\.broker_worker-secret-value_/),
        expect.stringMatching(/^aws_iam_role_policy\.broker_grant-read-admin-credentials-handlers-broker-setup-role_/),
        expect.stringMatching(/^aws_vpc_security_group_ingress_rule\.broker_security-group_from-handlers-broker-setup-security-group_/),
        expect.stringMatching(/^aws_vpc_security_group_ingress_rule\.broker_security-group_from-handlers-broker-setup-security-group-443_/),
      ]),
    );
    const setupEnv = (at(json, "aws_lambda_function", "handlers/broker-setup/function").environment as { variables: Record<string, string> }).variables;
    expect(setupEnv).toMatchObject({
      AMQP_ADMIN_SECRET_ARN: expect.stringMatching(/^\$\{aws_secretsmanager_secret\.broker_admin-secret_[0-9A-F]{8}\.arn\}$/),
      AMQP_MANAGEMENT_URL: expect.stringMatching(/^\$\{aws_mq_broker\.broker_[0-9A-F]{8}\.instances\[0\]\.console_url\}$/),
      AMQP_PUBLISHER_SECRET_ARN: expect.stringMatching(/broker_publisher-secret_/),
      AMQP_WORKER_SECRET_ARN: expect.stringMatching(/broker_worker-secret_/),
    });
    const ingestionEnv = (at(json, "aws_lambda_function", "handlers/ingestion/function").environment as { variables: Record<string, string> }).variables;
    expect(ingestionEnv.AMQP_SECRET_ARN).toMatch(/^\$\{aws_secretsmanager_secret\.broker_publisher-secret_[0-9A-F]{8}\.arn\}$/);
    expect(at(json, "aws_lambda_function", "handlers/broker-setup/function")).toMatchObject({ memory_size: 256, timeout: 60, reserved_concurrent_executions: 1 });
    // Ingestion publishes only once its user and exchange exist.
    expect(at(json, "aws_lambda_function", "handlers/ingestion/function").depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_lambda_invocation\.handlers_broker-setup-on-deploy_[0-9A-F]{8}$/)]),
    );
  });

  it("waits for the route to Secrets Manager too: every NAT default route and interface endpoint of the network", () => {
    const dependsOn = at(json, "aws_lambda_invocation", "handlers/migrate-on-deploy").depends_on as string[];
    const routes = Object.keys(json.resource?.aws_route ?? {}).filter((n) => n.startsWith("network_private-default-route-"));
    const endpoints = Object.entries(json.resource?.aws_vpc_endpoint ?? {}).filter(([, e]) => e.vpc_endpoint_type === "Interface").map(([n]) => n);
    expect(routes.length + endpoints.length).toBeGreaterThan(0);
    for (const name of routes) expect(dependsOn).toContain(`aws_route.${name}`);
    for (const name of endpoints) expect(dependsOn).toContain(`aws_vpc_endpoint.${name}`);
  });

  it("deploys new ingestion and query code only after the migrations ran, so no event or request meets an old schema", () => {
    const migration = expect.stringMatching(/^aws_lambda_invocation\.handlers_migrate-on-deploy_[0-9A-F]{8}$/);
    for (const name of ["ingestion", "query"]) {
      expect(at(json, "aws_lambda_function", `handlers/${name}/function`).depends_on).toEqual(expect.arrayContaining([migration]));
    }
    expect(at(json, "aws_lambda_function", "handlers/migrate/function").depends_on).not.toEqual(expect.arrayContaining([migration]));
  });

  it("keeps the handlers' security groups out of the shared data-clients group", () => {
    expect(under(json, "aws_vpc_security_group_egress_rule", "data-clients").some((r) => String(r.security_group_id).includes("handlers_"))).toBe(false);
  });
});

describe("PlatformHandlers", () => {
  it("deploys in a recovery environment after failover, against the promoted database", () => {
    const app = Testing.app();
    const stack = buildPlatform(app, platform, { only: "prod-dr", drMode: "failover" })["prod-dr"].platform;
    const handlers = handlersOf(stack);
    expect(Object.values(handlers.functions).map((f) => f.name)).toEqual(["aec-platform-prod-dr-ingestion", "aec-platform-prod-dr-query", "aec-platform-prod-dr-migrate"]);
    expect(stack.environment.region).toBe("us-east-1");
  });

  it("refuses a database without a master secret of its own (a read replica)", () => {
    const { stack } = handlersIn("dev", { app: Testing.app() });
    const replica = Object.create(stack.database!, { masterSecretArn: { value: undefined } }) as NonNullable<typeof stack.database>;
    expect(
      () =>
        new PlatformHandlers(stack, "again", {
          namePrefix: "x",
          ...stack.environment.handlers,
          network: stack.network,
          keys: stack.keys,
          documents: stack.buckets.byPurpose.documents,
          database: replica,
          cache: stack.cache!,
          broker: stack.broker!,
          logRetentionDays: 14,
        }),
    ).toThrow(/database: got "dev-platform\/database"; expected a database with a master secret of its own/);
  });
});

describe("synthesized with the handlers in every running environment", () => {
  // Byte-identical output across runs is determinism.test.ts's job; one full synth is enough here.
  const outdir = mkdtempSync(join(tmpdir(), "handlers-synth-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const first = synthPlatformTo(outdir);
  const running = platform.environments.filter((e) => !e.disasterRecovery).map((e) => e.name);

  it("passes the policy pack with no errors and no warnings in every stack", () => {
    const reports = [...first.keys()].filter((f) => /^policy\/.*\.json$/.test(f));
    expect(reports.length).toBeGreaterThanOrEqual(platform.environments.length);
    for (const file of reports) {
      const report = JSON.parse(first.get(file)!.toString("utf8")) as { counts: { errors: number; warnings: number } };
      expect({ file, errors: report.counts.errors, warnings: report.counts.warnings }).toEqual({ file, errors: 0, warnings: 0 });
    }
  });

  it("ships each handler's zip beside each stack at a relative path, byte for byte the package", () => {
    const packages = handlerPackages();
    for (const env of running) {
      const stackJson = JSON.parse(first.get(join("stacks", `${env}-platform`, "cdk.tf.json"))!.toString("utf8")) as SynthJson;
      for (const name of HANDLERS) {
        const filename = String(at(stackJson, "aws_lambda_function", `handlers/${name}/function`).filename);
        expect(filename).toMatch(/^assets\//);
        const shipped = first.get(join("stacks", `${env}-platform`, filename));
        expect(shipped?.equals(readFileSync(packages[name].zipPath))).toBe(true);
      }
    }
  });
});
