import { connect } from "amqplib";
import { fileEventsTopology } from "../shared/broker-topology";
import type { BrokerSetupConfig } from "../shared/config";
import { errorFields, type Logger } from "../shared/logger";
import { parseUsernamePassword, secretsManagerSource, type SecretSource, type UsernamePassword } from "../shared/secrets";
import { withTimeout } from "../shared/timeout";
import { setUpBroker, type BrokerSetupReport, type TopologySession } from "./core";
import { managementApi } from "./management-api";

export interface BrokerSetupRuntimeOptions {
  readonly secrets?: SecretSource;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

/**
 * Invoked by the deployment on every deploy (and after a user secret's rotation); returns what it set up and throws,
 * failing the deployment, when the broker refuses. Secrets are read fresh: a rotation must not meet a cached value.
 */
export function createBrokerSetupHandler(config: BrokerSetupConfig, logger: Logger, options: BrokerSetupRuntimeOptions = {}) {
  const timeoutMs = options.timeoutMs ?? 5000;
  return async (): Promise<BrokerSetupReport> => {
    const secrets = options.secrets ?? secretsManagerSource(config.region);
    const read = async (arn: string) => parseUsernamePassword(arn, await secrets.getString(arn, { fresh: true }));
    const [admin, publisher, worker] = await Promise.all([
      read(config.adminSecretArn),
      read(config.userSecretArns.publisher),
      read(config.userSecretArns.worker),
    ]);
    return setUpBroker(
      {
        openChannel: () => openAdminChannel(config.amqp, admin, timeoutMs, logger),
        management: managementApi(config.managementUrl, admin, { timeoutMs, fetch: options.fetch }),
        logger,
      },
      {
        topology: fileEventsTopology({ exchange: config.exchange, processingDeliveryLimit: config.processingDeliveryLimit }),
        vhost: config.amqp.vhost,
        adminUsername: admin.username,
        users: [
          { role: "publisher", credentials: publisher },
          { role: "worker", credentials: worker },
        ],
      },
    );
  };
}

async function openAdminChannel(amqp: BrokerSetupConfig["amqp"], admin: UsernamePassword, timeoutMs: number, logger: Logger): Promise<TopologySession> {
  const connection = await withTimeout(
    "amqp connect",
    timeoutMs + 500,
    connect(
      { protocol: amqp.tls ? "amqps" : "amqp", hostname: amqp.host, port: amqp.port, vhost: amqp.vhost, username: admin.username, password: admin.password },
      { timeout: timeoutMs, ...(amqp.tls ? { servername: amqp.host } : {}) },
    ),
  );
  // Without a listener, an error the broker sends (a declare refused) would be thrown out of the event loop.
  connection.on("error", (err: Error) => logger.warn("amqp connection error", errorFields(err)));
  const close = async () => {
    await withTimeout("amqp close", 1000, connection.close()).catch(() => undefined);
  };
  try {
    const channel = await withTimeout("amqp open channel", timeoutMs, connection.createChannel());
    channel.on("error", (err: Error) => logger.warn("amqp channel error", errorFields(err)));
    return { channel, close };
  } catch (err) {
    await close();
    throw err;
  }
}
