import { loadMigrateConfig } from "../shared/config";
import { createLogger } from "../shared/logger";
import { createMigrateHandler } from "./app";

// Read at cold start: a missing or invalid variable fails the init phase with its name.
const config = loadMigrateConfig(process.env);
const logger = createLogger({ level: config.logLevel }, { handler: "migrate" });

export const handler = createMigrateHandler(config, logger);
