import type { BrokerConfig } from "../../../common/broker";
import { createMessageBroker } from "../../../constructs/messaging/message-broker";
import { dataFixture } from "../connections/fixtures";

/** A broker of the given kind in a fresh data-tier fixture, as the platform stack builds one. */
export function brokerIn(config: BrokerConfig, options: { multiAz?: boolean; deletionProtection?: boolean } = {}) {
  const fixture = dataFixture();
  const keys = fixture.keys.byClass;
  const multiAz = options.multiAz ?? false;
  const broker = createMessageBroker(fixture.stack, "broker", {
    broker: config,
    name: `test-${config.kind}`,
    network: fixture.network,
    dataKey: keys.cache,
    secretKey: keys.secrets,
    logKey: keys.logs,
    multiAz,
    deletionProtection: options.deletionProtection ?? multiAz,
    logRetentionDays: 30,
  });
  return { fixture, broker };
}
