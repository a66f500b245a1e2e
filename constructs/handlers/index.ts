// Public entry point `aec-platform-kit/handlers`. Loading it loads esbuild: the handlers are bundled at synth.
export { HandlerFunction, type HandlerEntry, type HandlerFunctionProps } from "./handler-function";
export { entryPackage, handlerPackages, type HandlerPackage } from "./handler-packages";
export { HandlerAlarms, type HandlerAlarmsProps } from "./handler-alarms";
export { IngestionQueue, type IngestionQueueProps } from "./ingestion-queue";
export { OutboxSweep, type OutboxSweepProps } from "./outbox-sweep";
export { PlatformHandlers, type PlatformHandlersProps } from "./platform-handlers";
export { QueryApi, type QueryApiProps } from "./query-api";
export type {
  AlarmSettings,
  ApiSettings,
  FunctionSettings,
  HandlerName,
  HandlerSettings,
  IngestionSettings,
  LambdaRuntime,
} from "../../common/handlers";
