import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { BUNDLE_HANDLER, bundleHandler } from "../../../constructs/handlers/bundle";
import { HandlerFunction } from "../../../constructs/handlers/handler-function";
import { entryPackage, handlerPackages } from "../../../constructs/handlers/handler-packages";
import { RUNTIME_ENV } from "../../../lambdas/shared/env";
import { at, environmentNamed, handlersIn, list, statementsOf, under } from "./fixtures";

const prod = handlersIn("prod");
const dev = handlersIn("dev");
const HANDLERS = ["ingestion", "query", "migrate"] as const;

describe.each([
  ["prod", prod],
  ["dev", dev],
])("%s handler functions", (env, { json, stack }) => {
  const settings = environmentNamed(env).handlers;

  it.each(HANDLERS)("%s: arm64 Node.js 22 running the bundle's index.handler, sized from the settings", (name) => {
    const fn = at(json, "aws_lambda_function", `handlers/${name}/function`);
    const pkg = handlerPackages()[name];
    expect(fn).toMatchObject({
      function_name: `aec-platform-${env}-${name}`,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: BUNDLE_HANDLER,
      filename: expect.stringMatching(new RegExp(`^assets/handlers_${name}_package_[0-9A-F]{8}/${pkg.sha256}/${name}\\.zip$`)),
      source_code_hash: pkg.sha256,
      memory_size: settings.functions[name].memoryMiB,
      timeout: settings.functions[name].timeoutSeconds,
      reserved_concurrent_executions: settings.functions[name].reservedConcurrency,
      tracing_config: { mode: "Active" },
      logging_config: { log_format: "JSON", log_group: `/aws/lambda/aec-platform-${env}-${name}` },
    });
  });

  it.each(HANDLERS)("%s: runs in the private subnets behind its own security group", (name) => {
    const fn = at(json, "aws_lambda_function", `handlers/${name}/function`);
    const vpc = fn.vpc_config as { subnet_ids: string[]; security_group_ids: string[] };
    expect(vpc.subnet_ids).toHaveLength(stack.environment.availabilityZones.length);
    for (const subnet of vpc.subnet_ids) expect(subnet).toMatch(/^\$\{aws_subnet\.network_private-/);
    expect(vpc.security_group_ids).toEqual([expect.stringMatching(new RegExp(`^\\$\\{aws_security_group\\.handlers_${name}_security-group_`))]);
  });

  it.each(HANDLERS)("%s: encrypts its environment with the secrets key and sets the runtime options", (name) => {
    const fn = at(json, "aws_lambda_function", `handlers/${name}/function`);
    expect(fn.kms_key_arn).toMatch(/^\$\{aws_kms_key\.keys_secrets_key_[0-9A-F]{8}\.arn\}$/);
    expect((fn.environment as { variables: Record<string, string> }).variables).toMatchObject({ ...RUNTIME_ENV, LOG_LEVEL: settings.logLevel });
  });

  it.each(HANDLERS)("%s: logs into a group created first, encrypted with the logs key, with the environment's retention", (name) => {
    const group = at(json, "aws_cloudwatch_log_group", `handlers/${name}/logs/log-group`);
    expect(group).toMatchObject({
      name: `/aws/lambda/aec-platform-${env}-${name}`,
      retention_in_days: stack.environment.logRetentionDays,
      kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.keys_logs_key_/),
    });
    const fn = at(json, "aws_lambda_function", `handlers/${name}/function`);
    expect(fn.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_cloudwatch_log_group\.handlers_.*_logs_log-group_/)]));
    expect(fn.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^aws_iam_role_policy\\.handlers_${name}_policy-runtime_`))]));
  });

  it.each(HANDLERS)("%s: role trusted by Lambda only, with its own log group, X-Ray and network interfaces", (name) => {
    const role = at(json, "aws_iam_role", `handlers/${name}/role`);
    expect(statementsOf(role, "assume_role_policy")).toEqual([
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    const runtime = statementsOf(at(json, "aws_iam_role_policy", `handlers/${name}/policy-runtime`));
    expect(runtime).toEqual([
      {
        Sid: "OwnLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: expect.stringMatching(new RegExp(`^\\$\\{aws_cloudwatch_log_group\\.handlers_${name}_logs_log-group_[0-9A-F]{8}\\.arn\\}:\\*$`)),
      },
      { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
      expect.objectContaining({ Sid: "NetworkInterfaces", Resource: "*" }),
    ]);
    expect(list(runtime[2]!.Action).every((a) => a.startsWith("ec2:") && !a.includes("*"))).toBe(true);
  });

  it.each(HANDLERS)("%s: egress only to HTTPS and the data services it uses", (name) => {
    const ports = under(json, "aws_vpc_security_group_egress_rule", `handlers/${name}`)
      .map((r) => `${r.from_port}-${r.to_port}:${r.cidr_ipv4 ?? "sg"}`)
      .sort();
    const expected: Record<string, string[]> = {
      ingestion: ["443-443:0.0.0.0/0", "5432-5432:sg", "5671-5671:sg", "6379-6379:sg"],
      query: ["443-443:0.0.0.0/0", "5432-5432:sg", "6379-6379:sg"],
      migrate: ["443-443:0.0.0.0/0", "5432-5432:sg"],
    };
    expect(ports).toEqual(expected[name]);
    const sg = at(json, "aws_security_group", `handlers/${name}/security-group`);
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  it("admits each function into exactly the data services it uses, through their own security groups", () => {
    const from = (service: string) =>
      under(json, "aws_vpc_security_group_ingress_rule", `${service}/security-group`)
        .map((r) => String(r.referenced_security_group_id))
        .filter((id) => id.includes("handlers_"))
        .map((id) => /handlers_([a-z-]+)_security-group/.exec(id)![1])
        .sort();
    expect(from("database")).toEqual(["ingestion", "migrate", "query"]);
    expect(from("cache")).toEqual(["ingestion", "query"]);
    // The broker setup twice: AMQPS, and the management API on 443.
    expect(from("broker")).toEqual(["broker-setup", "broker-setup", "ingestion"]);
  });
});

describe("HandlerFunction", () => {
  const { stack } = handlersIn("dev", { app: Testing.app() });
  const props = {
    name: "x-query",
    handler: "query" as const,
    description: "test",
    network: stack.network,
    runtime: "nodejs22.x" as const,
    settings: environmentNamed("dev").handlers.functions.query,
    environment: {},
    environmentKey: stack.keys.byClass.secrets,
    logKey: stack.keys.byClass.logs,
    logRetentionDays: 14,
  };

  it("fails at synth on a variable the handler does not read, and on a missing required one", () => {
    expect(() => new HandlerFunction(stack, "typo", { ...props, environment: { PG_HOST: "db", PG_DATABASE: "app", PG_SECRET_ARN: "arn", REDIS_HOST: "c", PG_HOSTNAME: "db" } })).toThrow(
      /environment\.PG_HOSTNAME: got "PG_HOSTNAME"; expected a variable the query handler reads/,
    );
    expect(() => new HandlerFunction(stack, "missing", { ...props, environment: { PG_HOST: "db", PG_DATABASE: "app", REDIS_HOST: "c" } })).toThrow(
      /environment\.PG_SECRET_ARN: got nothing; expected a value: the query handler fails its cold start without PG_SECRET_ARN/,
    );
  });

  it("bundles a handler of your own from its entry, as the kit bundles its own, once per process", async () => {
    const dir = mkdtempSync(join(tmpdir(), "own-handler-"));
    writeFileSync(join(dir, "handler.ts"), 'export async function handler(): Promise<string> {\n  return process.env.GREETING ?? "hello";\n}\n');
    // No contract to check an own handler's environment against: any names go.
    const fn = new HandlerFunction(stack, "own", { ...props, name: "x-own", handler: { entry: join(dir, "handler.ts") }, environment: { GREETING: "hi" } });
    const expected = await bundleHandler({ entry: "handler.ts", projectRoot: dir });
    expect(fn.package.sha256).toBe(expected.sha256);
    expect(readFileSync(fn.package.zipPath).equals(Buffer.from(expected.zip))).toBe(true);
    expect(entryPackage(join(dir, "handler.ts"))).toBe(fn.package);
    rmSync(dir, { recursive: true, force: true });
  });

  it("fails on an entry that does not exist, naming the path it resolved, and on a variable Lambda reserves", () => {
    expect(() => new HandlerFunction(stack, "lost", { ...props, handler: { entry: "no/such/handler.ts" }, environment: { AWS_REGION: "eu-west-1" } })).toThrow(
      /2 problems.*\n.*environment\.AWS_REGION: got "AWS_REGION"; expected a variable Lambda does not reserve.*\n.*handler\.entry: got "no\/such\/handler\.ts"; expected an existing file exporting `handler` \(resolved to .*no\/such\/handler\.ts\)/,
    );
  });
});
