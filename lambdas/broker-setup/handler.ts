import { loadBrokerSetupConfig } from "../shared/config";
import { createLogger } from "../shared/logger";
import { createBrokerSetupHandler } from "./app";

// Read at cold start: a missing or invalid variable fails the init phase with its name.
const config = loadBrokerSetupConfig(process.env);
const logger = createLogger({ level: config.logLevel }, { handler: "broker-setup" });

export const handler = createBrokerSetupHandler(config, logger);
