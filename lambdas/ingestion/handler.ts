import { loadIngestionConfig } from "../shared/config";
import { once } from "../shared/lazy";
import { createLogger } from "../shared/logger";
import { createIngestionHandler, createIngestionRuntime } from "./app";

// Read at cold start: a missing or invalid variable fails the init phase with its name.
const config = loadIngestionConfig(process.env);
const logger = createLogger({ level: config.logLevel }, { handler: "ingestion" });

export const handler = createIngestionHandler(once(() => createIngestionRuntime(config, logger)), logger);
