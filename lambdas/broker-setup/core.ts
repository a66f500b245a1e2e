import { declareTopology, type BrokerTopology, type TopologyChannel } from "../shared/broker-topology";
import { BROKER_USERS, type BrokerUserRole } from "../shared/env";
import type { Logger } from "../shared/logger";
import type { UsernamePassword } from "../shared/secrets";

export { BROKER_USERS, type BrokerUserRole } from "../shared/env";

/** RabbitMQ's per-vhost permissions: regular expressions over exchange and queue names. */
export interface Permissions {
  readonly configure: string;
  readonly write: string;
  readonly read: string;
}

/** Matches no name at all (RabbitMQ's documented way to grant nothing of a kind). */
export const NOTHING = "^$";

/** A pattern matching exactly `name`, whatever regex characters it holds (exchange names carry dots). */
export function exactly(name: string): string {
  return `^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
}

/**
 * The least each user needs, found against a real broker (see the broker setup tests): passive declares
 * (checkExchange, checkQueue) need no permission; publishing needs write on the exchange only, not on its alternate
 * exchange; consuming and acknowledging need read on the queue. Neither user may declare, bind or delete anything
 * (configure matches nothing): the topology is this function's.
 */
export function userPermissions(topology: BrokerTopology): Record<BrokerUserRole, Permissions> {
  return {
    publisher: { configure: NOTHING, write: exactly(topology.exchange), read: NOTHING },
    // It publishes file.processed to the same exchange and consumes the processing queue.
    worker: { configure: NOTHING, write: exactly(topology.exchange), read: exactly(topology.processingQueue) },
  };
}

/** The RabbitMQ management HTTP API, as far as this function uses it. */
export interface ManagementApi {
  /** Creates the user, or sets its password (and no tags) if it exists. */
  putUser(username: string, password: string): Promise<"created" | "updated">;
  putPermissions(vhost: string, username: string, permissions: Permissions): Promise<void>;
}

export interface TopologySession {
  readonly channel: TopologyChannel;
  close(): Promise<void>;
}

export interface BrokerSetupPorts {
  /** An AMQP channel signed in as the admin. */
  readonly openChannel: () => Promise<TopologySession>;
  readonly management: ManagementApi;
  readonly logger: Logger;
}

export interface BrokerSetupPlan {
  readonly topology: BrokerTopology;
  readonly vhost: string;
  /** Never given to an application user: setting a user's permissions would strip the admin's. */
  readonly adminUsername: string;
  readonly users: readonly { readonly role: BrokerUserRole; readonly credentials: UsernamePassword }[];
}

export interface BrokerSetupReport {
  readonly exchange: string;
  readonly queues: readonly string[];
  /** No password, ever: the report is the invocation's result and lands in Terraform's state. */
  readonly users: readonly { readonly username: string; readonly role: BrokerUserRole; readonly user: "created" | "updated"; readonly permissions: Permissions }[];
}

/**
 * Declares the topology, then creates or updates each application user with its password from its secret and its
 * permissions. Idempotent: every deploy runs it, and a rotated secret is applied by the next run.
 */
export async function setUpBroker(ports: BrokerSetupPorts, plan: BrokerSetupPlan): Promise<BrokerSetupReport> {
  checkPlan(plan);
  const session = await ports.openChannel();
  try {
    await declareTopology(session.channel, plan.topology);
  } finally {
    await session.close();
  }
  const queues = [plan.topology.unroutedQueue, ...plan.topology.queues.flatMap((q) => [q.name, q.deadLetterQueue])];
  ports.logger.info("broker topology declared", { exchange: plan.topology.exchange, queues });

  const permissions = userPermissions(plan.topology);
  const users: BrokerSetupReport["users"][number][] = [];
  for (const { role, credentials } of plan.users) {
    const user = await ports.management.putUser(credentials.username, credentials.password);
    await ports.management.putPermissions(plan.vhost, credentials.username, permissions[role]);
    ports.logger.info("broker user set up", { username: credentials.username, role, user, ...permissions[role] });
    users.push({ username: credentials.username, role, user, permissions: permissions[role] });
  }
  return { exchange: plan.topology.exchange, queues, users };
}

function checkPlan(plan: BrokerSetupPlan): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { role, credentials } of plan.users) {
    const name = credentials.username;
    if (name === plan.adminUsername) problems.push(`the ${role} user's secret names the admin user "${name}": give it a user of its own`);
    // Amazon MQ deletes any user named guest, periodically.
    if (name === "guest") problems.push(`the ${role} user's secret names "guest", which Amazon MQ deletes: use ${BROKER_USERS[role]}`);
    if (seen.has(name)) problems.push(`two users' secrets name "${name}": each role needs its own user`);
    if (credentials.password.length < 12) problems.push(`the ${role} user's password is shorter than 12 characters: rotate its secret`);
    seen.add(name);
  }
  if (problems.length > 0) throw new Error(`broker setup refused: ${problems.join("; ")}`);
}
