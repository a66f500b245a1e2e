import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import type { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { AssetType, dependable, TerraformAsset, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { FunctionSettings, HandlerName, LambdaRuntime } from "../../common/handlers";

/** The kit's handlers: the configurable three, and the deploy-time broker setup (RabbitMQ environments only). */
export type KitHandlerName = HandlerName | "broker-setup";
import { throwIfProblems, type Problem } from "../../common/problems";
import type { DataService } from "../connections/client-security-group";
import { constructKey } from "../connections/security-group";
import { ServiceLogGroup } from "../connections/service-log-group";
import { policyDocument, type PolicyStatement } from "../iam/policy-document";
import type { EncryptionKey } from "../keys/encryption-key";
import type { Network } from "../network/network";
import { BUNDLE_HANDLER } from "./bundle";
import { checkHandlerEnvironment } from "./handler-environment";
import { entryPackage, handlerPackages, type HandlerPackage } from "./handler-packages";
import type { Grantee } from "../core/grantee";

/** A handler of your own: a TypeScript or JavaScript file exporting `handler`, bundled at synth like the kit's. */
export interface HandlerEntry {
  /** Absolute, or relative to the working directory. */
  readonly entry: string;
}

export interface HandlerFunctionProps {
  /** Function name, e.g. `aec-platform-prod-ingestion`; also names its role, security group and log group. */
  readonly name: string;
  /**
   * One of the kit's handlers, whose environment is checked against its contract (lambdas/shared/env.ts), or
   * `{ entry }` for your own (its environment is yours to keep right).
   */
  readonly handler: KitHandlerName | HandlerEntry;
  readonly description: string;
  /** The function runs in the network's private subnets. */
  readonly network: Network;
  readonly runtime: LambdaRuntime;
  readonly settings: FunctionSettings;
  /** Non-secret configuration only, with the names the handler reads (lambdas/shared/env.ts). */
  readonly environment: Readonly<Record<string, string>>;
  /** Encrypts the environment variables at rest (Lambda decrypts them through a grant it creates). */
  readonly environmentKey: EncryptionKey;
  /** Encrypts the function's log group. */
  readonly logKey: EncryptionKey;
  /** One of CloudWatch Logs' retention values. */
  readonly logRetentionDays: number;
  /** @default the kit's bundle of the named handler (handlerPackages), or the entry's bundle (entryPackage) */
  readonly package?: HandlerPackage;
}

/** AWS APIs (Secrets Manager, S3, SQS, X-Ray) through interface endpoints, the S3 gateway endpoint or NAT. */
const HTTPS = 443;

/**
 * One bundled handler as a Lambda function: arm64, in the private subnets behind a security group of its own, X-Ray
 * tracing, JSON logs into a log group created first (encrypted, finite retention), reserved concurrency, and an
 * environment encrypted with a customer key. The role starts with only what every function needs (its own log
 * group, X-Ray, its network interfaces); data services add theirs through their grant methods (it is a `Grantee`),
 * which it records so that whatever must wait for the access (the event source, the migration run) can.
 */
export class HandlerFunction extends Construct implements Grantee {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly securityGroup: SecurityGroup;
  readonly logGroup: ServiceLogGroup;
  readonly package: HandlerPackage;
  readonly name: string;
  readonly settings: FunctionSettings;
  private readonly permissions: ITerraformDependable[] = [];
  private readonly connected = new Set<string>();

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const handler = props.handler;
    if (typeof handler === "string") {
      throwIfProblems(`HandlerFunction environment at ${this.node.path}`, checkHandlerEnvironment("environment", handler, props.environment));
    } else {
      throwIfProblems(`HandlerFunction props at ${this.node.path}`, checkOwnHandler(handler, props));
    }
    this.name = props.name;
    this.settings = props.settings;
    this.package = props.package ?? (typeof handler === "string" ? handlerPackages()[handler] : entryPackage(handler.entry));
    // A FILE asset with our own hash: the zip is already deterministic, and cdktf would otherwise MD5 it again.
    const asset = new TerraformAsset(this, "package", {
      path: this.package.zipPath,
      type: AssetType.FILE,
      assetHash: this.package.sha256,
    });

    this.logGroup = new ServiceLogGroup(this, "logs", {
      name: lambdaLogGroupName(props.name),
      retentionDays: props.logRetentionDays,
      key: props.logKey,
    });
    this.role = new IamRole(this, "role", {
      name: props.name,
      description: `Execution role of the ${props.name} Lambda function`,
      // No aws:SourceAccount condition: Lambda does not document setting it when assuming an execution role, and a
      // condition on an absent key denies. Who may hand this role to a function is governed by iam:PassRole.
      assumeRolePolicy: policyDocument([
        { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]),
    });
    this.allow("runtime", [
      {
        Sid: "OwnLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${this.logGroup.logGroup.arn}:*`,
      },
      { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
      // AWSLambdaVPCAccessExecutionRole's network-interface actions (they take no resource ARN), without its
      // logs:* on every log group.
      {
        Sid: "NetworkInterfaces",
        Effect: "Allow",
        Action: [
          "ec2:CreateNetworkInterface",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeSubnets",
          "ec2:DeleteNetworkInterface",
          "ec2:AssignPrivateIpAddresses",
          "ec2:UnassignPrivateIpAddresses",
        ],
        Resource: "*",
      },
    ]);

    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.name}-lambda`,
      description: `${props.name} Lambda function: egress to its data services and HTTPS to AWS APIs only`,
      vpcId: props.network.vpcId,
      tags: { Name: `${props.name}-lambda` },
    });
    this.permissions.push(
      new VpcSecurityGroupEgressRule(this, "to-aws-apis", {
        securityGroupId: this.securityGroup.id,
        description: "HTTPS to AWS APIs (VPC endpoints, S3 gateway endpoint, NAT)",
        ipProtocol: "tcp",
        fromPort: HTTPS,
        toPort: HTTPS,
        cidrIpv4: "0.0.0.0/0",
        tags: { Name: `${props.name}-lambda-to-aws-apis` },
      }),
    );

    this.function = new LambdaFunction(this, "function", {
      functionName: props.name,
      description: props.description,
      role: this.role.arn,
      runtime: props.runtime,
      architectures: ["arm64"],
      handler: BUNDLE_HANDLER,
      filename: asset.path,
      sourceCodeHash: this.package.sha256,
      memorySize: props.settings.memoryMiB,
      timeout: props.settings.timeoutSeconds,
      reservedConcurrentExecutions: props.settings.reservedConcurrency,
      environment: { variables: { ...props.environment } },
      kmsKeyArn: props.environmentKey.arn,
      tracingConfig: { mode: "Active" },
      // The handlers write JSON lines themselves and filter by LOG_LEVEL; JSON here makes Lambda's own
      // platform records (start, report, timeouts) JSON too, so one query language covers the whole group.
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
      vpcConfig: { subnetIds: props.network.subnetIds("private"), securityGroupIds: [this.securityGroup.id] },
      // Creating a function in a VPC checks the role's network-interface permissions; logs need the group.
      dependsOn: [this.logGroup.logGroup, ...this.permissions],
    });
  }

  get functionName(): string {
    return this.function.functionName;
  }

  get arn(): string {
    return this.function.arn;
  }

  /** Everything the function's access consists of so far (role policies, network rules), to wait for. */
  get grantedAccess(): readonly ITerraformDependable[] {
    return [...this.permissions];
  }

  /** Opens the path to `service`: its ingress from this function and this function's egress to it, on its port. */
  connectTo(service: DataService): void {
    const target = service.connections;
    const key = constructKey(target);
    if (this.connected.has(key)) return;
    this.connected.add(key);
    const ingress: VpcSecurityGroupIngressRule = target.allowFrom(this.securityGroup, `${target.service} from the ${this.name} Lambda function`);
    const egress = new VpcSecurityGroupEgressRule(this, `to-${key}`, {
      securityGroupId: this.securityGroup.id,
      description: `${target.service} on TCP ${target.port}`,
      ipProtocol: "tcp",
      fromPort: target.port,
      toPort: target.port,
      referencedSecurityGroupId: target.securityGroup.id,
      tags: { Name: `${this.name}-lambda-to-${target.name}` },
    });
    this.permissions.push(ingress, egress);
  }

  /** The role data services grant to (`cache.grantConnect(fn)`). */
  get grantRole(): IamRole {
    return this.role;
  }

  /** Records a policy a resource construct granted to this function's role; the function waits for it. */
  granted(policy: IamRolePolicy): void {
    this.permissions.push(policy);
  }

  /** Deploys this function's code only after `step` (a schema migration, say) has been applied. */
  deployAfter(step: ITerraformDependable): void {
    this.function.dependsOn = [...(this.function.dependsOn ?? []), dependable(step)];
  }

  /** Attaches statements of the function's own to its role, as one inline policy named `<function>-<access>`. */
  allow(access: string, statements: readonly PolicyStatement[]): IamRolePolicy {
    const policy = new IamRolePolicy(this, `policy-${access}`, {
      role: this.role.name,
      name: `${this.name}-${access}`,
      policy: policyDocument(statements),
    });
    this.permissions.push(policy);
    return policy;
  }
}

/** Keys Lambda sets itself and refuses in a function's configuration (Lambda "Defined runtime environment variables"). */
const RESERVED_ENV = new Set([
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_DEFAULT_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_LAMBDA_RUNTIME_API",
  "AWS_REGION",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "LAMBDA_RUNTIME_DIR",
  "LAMBDA_TASK_ROOT",
]);

/** An own handler has no contract to check its environment against; what Lambda itself refuses can still be. */
function checkOwnHandler(handler: HandlerEntry, props: HandlerFunctionProps): Problem[] {
  const problems: Problem[] = Object.keys(props.environment)
    .filter((name) => RESERVED_ENV.has(name))
    .map((name) => ({
      field: `environment.${name}`,
      value: name,
      expected: "a variable Lambda does not reserve: it sets this one itself and refuses the function's creation",
      fix: "drop it and read the runtime's value, or use a name of your own",
    }));
  if (!props.package && !existsSync(resolve(handler.entry))) {
    problems.push({
      field: "handler.entry",
      value: handler.entry,
      expected: `an existing file exporting \`handler\` (resolved to ${resolve(handler.entry)})`,
      fix: 'give an absolute path, e.g. join(__dirname, "handler.ts"), or one relative to the working directory',
    });
  }
  return problems;
}

/** The log group Lambda writes a function's logs to (created ahead by the kit, so it is encrypted and expires). */
export function lambdaLogGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}
