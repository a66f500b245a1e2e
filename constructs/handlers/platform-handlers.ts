import { LambdaInvocation } from "@cdktf/provider-aws/lib/lambda-invocation";
import { Construct } from "constructs";
import { HANDLER_NAMES, type FunctionSettings, type HandlerName, type HandlerSettings } from "../../common/handlers";
import { throwIfProblems } from "../../common/problems";
import { DATABASE_ROLES } from "../../lambdas/shared/env";
import type { ValkeyCache } from "../cache/valkey-cache";
import { keyUseViaService } from "../connections/role-grant";
import type { PostgresDatabase } from "../database/postgres-database";
import { EncryptionKey } from "../keys/encryption-key";
import type { PlatformKeys } from "../keys/platform-keys";
import type { MessageBroker } from "../messaging/message-broker";
import { RabbitMqBroker } from "../messaging/rabbitmq-broker";
import type { Network } from "../network/network";
import type { Bucket } from "../storage/bucket";
import { HandlerAlarms } from "./handler-alarms";
import { brokerSetupEnvironment, FILE_EVENTS_TOPIC, handlerEnvironment, UPLOADS_PREFIX } from "./handler-environment";
import { HandlerFunction } from "./handler-function";
import { IngestionQueue } from "./ingestion-queue";
import { OutboxSweep } from "./outbox-sweep";
import { QueryApi } from "./query-api";

/** Runtime, log level and the functions', queue's, API's and alarms' settings come from HandlerSettings. */
export interface PlatformHandlersProps extends HandlerSettings {
  /** `<project>-<env>`, the start of every name, e.g. `aec-platform-prod`. */
  readonly namePrefix: string;
  readonly network: Network;
  /** `secrets` encrypts the functions' environments and holds the secrets they read; `logs` their log groups. */
  readonly keys: PlatformKeys;
  /** Uploads under `uploads/` are ingested. */
  readonly documents: Bucket;
  readonly database: PostgresDatabase;
  readonly cache: ValkeyCache;
  readonly broker: MessageBroker;
  /** Retention of the functions' and the API's log groups (a CloudWatch Logs value). */
  readonly logRetentionDays: number;
  /** Encrypts the ingestion queues and the alarm topic. @default a key of its own, `alias/<namePrefix>-handler-messages` */
  readonly messageKey?: EncryptionKey;
}

/**
 * The broker setup runs once per deploy for seconds: one at a time, small, and an alarm only on errors (a failed run
 * fails the deploy itself).
 */
export const BROKER_SETUP_FUNCTION: FunctionSettings = { memoryMiB: 256, timeoutSeconds: 60, reservedConcurrency: 1, p99AlarmMs: 30_000 };

const DESCRIPTIONS: Record<HandlerName, string> = {
  ingestion: "Records uploaded documents (S3 -> SQS) in PostgreSQL and publishes file.uploaded events",
  query: "Answers the file index HTTP API from Redis and PostgreSQL",
  migrate: "Applies the database migrations; invoked on every deploy of a new bundle",
};

/**
 * The data plane's Lambda handlers with everything around them: ingestion (documents bucket -> SQS -> function),
 * query (HTTP API with a JWT authorizer -> function), migrate (run on deploy), their network paths into the data
 * tier, least-privilege roles and alarms.
 */
export class PlatformHandlers extends Construct {
  readonly functions: Readonly<Record<HandlerName, HandlerFunction>>;
  readonly ingestion: IngestionQueue;
  /** Publishes outbox entries left unsent, every five minutes, whether or not uploads arrive. */
  readonly outboxSweep: OutboxSweep;
  readonly api: QueryApi;
  readonly alarms: HandlerAlarms;
  readonly migration: LambdaInvocation;
  /** RabbitMQ only: the function that declares the topology and sets up the broker's application users, and its run. */
  readonly brokerSetup?: { readonly function: HandlerFunction; readonly run: LambdaInvocation };
  readonly messageKey: EncryptionKey;

  constructor(scope: Construct, id: string, props: PlatformHandlersProps) {
    super(scope, id);
    const { database, cache, broker } = props;
    const settings: HandlerSettings = props;
    if (!database.masterSecretArn) {
      throwIfProblems(`PlatformHandlers props at ${this.node.path}`, [
        {
          field: "database",
          value: database.node.path,
          expected: "a database with a master secret of its own (a new or promoted instance, not a read replica)",
          fix: "deploy the handlers only where the database accepts writes",
        },
      ]);
    }
    const secretsKey = props.keys.byClass.secrets;
    this.messageKey =
      props.messageKey ??
      new EncryptionKey(this, "message-key", {
        alias: `${props.namePrefix}-handler-messages`,
        description: `${props.namePrefix}: SQS queues and the alarm topic of the Lambda handlers`,
      });

    const tier = { database, cache, broker, documents: props.documents };
    const functions = {} as Record<HandlerName, HandlerFunction>;
    for (const handler of HANDLER_NAMES) {
      functions[handler] = new HandlerFunction(this, handler, {
        name: handlerFunctionName(props.namePrefix, handler),
        handler,
        description: DESCRIPTIONS[handler],
        network: props.network,
        runtime: settings.runtime,
        settings: settings.functions[handler],
        environment: handlerEnvironment(handler, tier, settings),
        environmentKey: secretsKey,
        logKey: props.keys.byClass.logs,
        logRetentionDays: props.logRetentionDays,
      });
    }
    this.functions = functions;
    const { ingestion, query, migrate } = functions;

    // Only the migrate function reads the master secret (it owns the schema and creates the handlers' roles);
    // ingestion and the query API sign in as their own least-privilege roles with IAM tokens.
    for (const fn of Object.values(functions)) fn.connectTo(database);
    migrate.allow("read-database-secret", [
      { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: database.masterSecretArn! },
      keyUseViaService(this, secretsKey, "secretsmanager", ["kms:Decrypt"]),
    ]);
    database.grantConnect(ingestion, DATABASE_ROLES.ingestion);
    database.grantConnect(query, DATABASE_ROLES.query);
    for (const fn of [ingestion, query]) {
      fn.connectTo(cache);
      cache.grantConnect(fn);
    }
    ingestion.connectTo(broker);
    broker.grantPublish(ingestion, FILE_EVENTS_TOPIC);
    // Object reads (HeadObject) on the uploads prefix only; the prefix-scoped ListBucket lets a deleted
    // object answer 404 instead of 403, so the handler can tell "gone" from "denied".
    props.documents.grantRead(ingestion, UPLOADS_PREFIX);

    this.ingestion = new IngestionQueue(this, "ingestion-queue", {
      name: `${props.namePrefix}-uploads`,
      source: props.documents,
      prefix: UPLOADS_PREFIX,
      key: this.messageKey,
      settings: settings.ingestion,
      consumerTimeoutSeconds: settings.functions.ingestion.timeoutSeconds,
    });
    this.ingestion.subscribe(ingestion, settings.functions.ingestion.reservedConcurrency);
    this.outboxSweep = new OutboxSweep(this, "outbox-sweep", { name: `${props.namePrefix}-outbox-sweep`, handler: ingestion });

    this.api = new QueryApi(this, "query-api", {
      name: queryApiName(props.namePrefix),
      handler: query,
      settings: settings.api,
      logKey: props.keys.byClass.logs,
      logRetentionDays: props.logRetentionDays,
    });

    // Re-run when a new bundle ships (new migrations travel in it) or the database is replaced. It waits for the
    // database and its secret's value, every grant and network rule the function needs, and the route to Secrets
    // Manager (NAT or endpoint), so the first deploy, or a failover that creates the NAT gateways, can run it.
    this.migration = new LambdaInvocation(this, "migrate-on-deploy", {
      functionName: migrate.functionName,
      input: JSON.stringify({ source: "deploy" }),
      triggers: { bundle: migrate.package.sha256, database: database.instance.resourceId },
      dependsOn: [database.instance, ...(database.masterSecretValue ? [database.masterSecretValue] : []), ...migrate.grantedAccess, ...props.network.awsApiPaths],
    });
    // Code that reads a new schema must not run before it exists: on the first deploy the queue consumer and the
    // API (which reference these functions) wait too, so no message or request meets a database without tables.
    ingestion.deployAfter(this.migration);
    query.deployAfter(this.migration);
    if (broker instanceof RabbitMqBroker) {
      this.brokerSetup = this.setUpBroker(props, broker);
      // Ingestion's user and exchange exist before its code (and the queue consumer referencing it) is deployed.
      ingestion.deployAfter(this.brokerSetup.run);
    }

    this.alarms = new HandlerAlarms(this, "alarms", { name: props.namePrefix, key: this.messageKey, settings: settings.alarms });
    for (const handler of HANDLER_NAMES) this.alarms.watchFunction(functions[handler], handler);
    this.alarms.watchDeadLetterQueue(this.ingestion.deadLetterQueue, "uploads");
    this.alarms.watchApi(this.api, "query-api");
  }

  /**
   * The only reader of the broker admin's secret: declares the events topology and creates the application users
   * with the passwords in their secrets. Re-run on a new bundle, a replaced broker, or a rotated user secret.
   */
  private setUpBroker(props: PlatformHandlersProps, broker: RabbitMqBroker): NonNullable<PlatformHandlers["brokerSetup"]> {
    const fn = new HandlerFunction(this, "broker-setup", {
      name: brokerSetupFunctionName(props.namePrefix),
      handler: "broker-setup",
      description: "Declares the RabbitMQ events topology and sets up the application users; invoked on every deploy",
      network: props.network,
      runtime: props.runtime,
      settings: BROKER_SETUP_FUNCTION,
      environment: brokerSetupEnvironment(broker, props),
      environmentKey: props.keys.byClass.secrets,
      logKey: props.keys.byClass.logs,
      logRetentionDays: props.logRetentionDays,
    });
    fn.connectTo(broker);
    // The function's own egress allows HTTPS already (AWS APIs); the broker admits it on 443 for the management API.
    const management = broker.allowManagementFrom(fn.securityGroup);
    broker.grantReadAdminCredentials(fn);
    broker.grantReadUserCredentials(fn, "publisher");
    broker.grantReadUserCredentials(fn, "worker");
    const userSecrets = Object.values(broker.users).map((user) => user.value);
    const run = new LambdaInvocation(this, "broker-setup-on-deploy", {
      functionName: fn.functionName,
      input: JSON.stringify({ source: "deploy" }),
      // A new version id is a rotated password: the run sets it on the broker.
      triggers: {
        bundle: fn.package.sha256,
        broker: broker.broker.id,
        publisher: broker.users.publisher.value.versionId,
        worker: broker.users.worker.value.versionId,
      },
      dependsOn: [broker.broker, broker.adminSecretValue, ...userSecrets, management, ...fn.grantedAccess, ...props.network.awsApiPaths],
    });
    return { function: fn, run };
  }

  /** Function names by handler, e.g. for `aws lambda invoke` and dashboards. */
  get functionNames(): Record<HandlerName, string> {
    return Object.fromEntries(HANDLER_NAMES.map((h) => [h, this.functions[h].functionName])) as Record<HandlerName, string>;
  }
}

export function handlerFunctionName(namePrefix: string, handler: HandlerName): string {
  return `${namePrefix}-${handler}`;
}

export function brokerSetupFunctionName(namePrefix: string): string {
  return `${namePrefix}-broker-setup`;
}

export function queryApiName(namePrefix: string): string {
  return `${namePrefix}-query`;
}
