import { Construct } from "constructs";
import { HANDLER_NAMES } from "../common/handlers";
import { slowLogGroupName } from "../constructs/cache/valkey-cache";
import { controlPlaneLogGroupName } from "../constructs/cluster/kubernetes-cluster";
import { ServiceLogGroup } from "../constructs/connections/service-log-group";
import { lambdaLogGroupName } from "../constructs/handlers/handler-function";
import { kafkaBrokerLogGroupName } from "../constructs/messaging/kafka-cluster";
import { brokerSetupFunctionName, handlerFunctionName, queryApiName } from "../constructs/handlers/platform-handlers";
import { apiAccessLogGroupName } from "../constructs/handlers/query-api";
import type { EncryptionKey } from "../constructs/keys/encryption-key";

export interface FailoverLogGroupNames {
  /** `<project>-<env>`: the name prefix of the stack that fails over. */
  readonly namePrefix: string;
  /** Name of the cache (`<prefix>-cache`) and of the cluster (`<prefix>`) as the running stack names them. */
  readonly cacheName: string;
  readonly clusterName: string;
  /** The MSK cluster's name where the broker is Kafka; Amazon MQ creates its own log groups, per broker id. */
  readonly kafkaName?: string;
}

/**
 * The log groups of what runs only after a failover (the EKS control plane, the handlers, the API, the cache),
 * kept while the recovery environment is in standby or being prepared. Going back to standby would otherwise
 * destroy them, and with them every log of the failover period (CloudWatch deletes a group's logs with it).
 *
 * They sit at the same construct paths, with the same props, as the constructs that own them when running, so
 * their Terraform addresses and settings are identical in every mode: a mode switch neither creates nor destroys
 * them. A test compares the two modes.
 */
export function keepFailoverLogGroups(stack: Construct, names: FailoverLogGroupNames, key: EncryptionKey, retentionDays: number): void {
  const at = (path: string[], id: string, name: string) => {
    let scope = stack;
    for (const part of path) scope = (scope.node.tryFindChild(part) as Construct | undefined) ?? new Construct(scope, part);
    new ServiceLogGroup(scope, id, { name, retentionDays, key });
  };
  at(["cluster"], "control-plane-logs", controlPlaneLogGroupName(names.clusterName));
  at(["cache"], "slow-log", slowLogGroupName(names.cacheName));
  for (const handler of HANDLER_NAMES) {
    at(["handlers", handler], "logs", lambdaLogGroupName(handlerFunctionName(names.namePrefix, handler)));
  }
  // RabbitMQ environments run the broker setup function too; Kafka ones have none.
  if (!names.kafkaName) at(["handlers", "broker-setup"], "logs", lambdaLogGroupName(brokerSetupFunctionName(names.namePrefix)));
  at(["handlers", "query-api"], "access-logs", apiAccessLogGroupName(queryApiName(names.namePrefix)));
  if (names.kafkaName) at(["broker"], "broker-logs", kafkaBrokerLogGroupName(names.kafkaName));
}
