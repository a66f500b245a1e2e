// Public entry point `aec-platform-kit/monitoring`.
export { MONITORING_NAMESPACE, PlatformMonitoring, type PlatformMonitoringProps } from "./platform-monitoring";
export type { AlertReceiver, AlertRoute, AlertRouting } from "../../common/alerting";
