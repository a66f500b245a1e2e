// A data platform of its own, composed from the kit's constructs outside the kit's environments: one stack, one
// AWS provider, state in a local file. Only the kit's public entry points are imported, as a project that depends
// on the package would (docs/using-the-kit.md).
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { ValkeyCache } from "aec-platform-kit/cache";
import { PostgresDatabase } from "aec-platform-kit/database";
import { HandlerFunction } from "aec-platform-kit/handlers";
import { EncryptionKey } from "aec-platform-kit/keys";
import { Network } from "aec-platform-kit/network";
import { applyPolicyPack } from "aec-platform-kit/policy";
import { Bucket } from "aec-platform-kit/storage";

const NAME = "minimal-data";
const AZS = ["eu-central-1a", "eu-central-1b"];

export class MinimalDataPlatformStack extends TerraformStack {
  readonly key: EncryptionKey;
  readonly network: Network;
  readonly logs: Bucket;
  readonly documents: Bucket;
  readonly database: PostgresDatabase;
  readonly cache: ValkeyCache;
  readonly function: HandlerFunction;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", {
      region: "eu-central-1",
      defaultTags: [{ tags: { project: NAME, "managed-by": "cdktf" } }],
    });
    // A relative path: cdktf's default would put this machine's absolute path into the synthesized JSON.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });

    // One customer-managed key for everything here; the kit's environments keep one per data class.
    this.key = new EncryptionKey(this, "key", { alias: NAME, description: `${NAME}: data, logs and secrets` });
    this.network = new Network(this, "network", {
      name: NAME,
      vpcCidr: "10.42.0.0/16",
      availabilityZones: AZS,
      subnets: {
        public: { "eu-central-1a": "10.42.1.0/24", "eu-central-1b": "10.42.2.0/24" },
        private: { "eu-central-1a": "10.42.10.0/24", "eu-central-1b": "10.42.20.0/24" },
        data: { "eu-central-1a": "10.42.100.0/24", "eu-central-1b": "10.42.101.0/24" },
      },
      nat: "single",
      flowLogKey: this.key,
    });
    // S3 delivers server access logs only into a bucket with SSE-S3 encryption.
    this.logs = new Bucket(this, "logs", {
      name: `${NAME}-logs-example`,
      encryption: { kind: "s3-managed" },
      expireAfterDays: 90,
    });
    this.documents = new Bucket(this, "documents", {
      name: `${NAME}-documents-example`,
      encryption: { kind: "kms", key: this.key },
      accessLogs: this.logs,
    });
    this.database = new PostgresDatabase(this, "database", {
      identifier: `${NAME}-postgres`,
      network: this.network,
      storageKey: this.key,
      secretKey: this.key,
      logKey: this.key,
      instanceClass: "db.t4g.small",
      storageGiB: 20,
      maxStorageGiB: 100,
    });
    this.cache = new ValkeyCache(this, "cache", {
      name: `${NAME}-cache`,
      network: this.network,
      key: this.key,
      logKey: this.key,
      nodeType: "cache.t4g.small",
      clusterMode: "disabled",
      shards: 1,
    });

    // Your own handler: HandlerFunction bundles handler.ts at synth, runs it in the private subnets behind a
    // security group of its own, and the data services open their ports and grant their access to it.
    this.function = new HandlerFunction(this, "files", {
      name: `${NAME}-files`,
      handler: { entry: join(__dirname, "handler.ts") },
      description: "Lists the documents of a project",
      network: this.network,
      runtime: "nodejs22.x",
      settings: { memoryMiB: 512, timeoutSeconds: 10, reservedConcurrency: 5, p99AlarmMs: 3000 },
      environment: {
        DOCUMENTS_BUCKET: this.documents.name,
        PG_HOST: this.database.address,
        PG_USER: "files_reader",
        REDIS_HOST: this.cache.endpoint,
      },
      environmentKey: this.key,
      logKey: this.key,
      logRetentionDays: 30,
    });
    for (const service of [this.database, this.cache]) this.function.connectTo(service);
    // IAM sign-in to both: no password to hand over (the database user needs `GRANT rds_iam`).
    this.database.grantConnect(this.function, "files_reader");
    this.cache.grantConnect(this.function);
    this.documents.grantRead(this.function, "projects/");

    // The kit's security and reliability rules, checked at every synth; an error fails it.
    applyPolicyPack(this);
  }
}
