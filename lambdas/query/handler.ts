import { loadQueryConfig } from "../shared/config";
import { once } from "../shared/lazy";
import { createLogger } from "../shared/logger";
import { createQueryHandler, createQueryRuntime } from "./app";

// Read at cold start: a missing or invalid variable fails the init phase with its name.
const config = loadQueryConfig(process.env);
const logger = createLogger({ level: config.logLevel }, { handler: "query" });

export const handler = createQueryHandler(once(() => createQueryRuntime(config, logger)), logger);
