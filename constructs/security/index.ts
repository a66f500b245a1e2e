// Public entry point `aec-platform-kit/security`.
export { AuditTrail, type AuditTrailProps, type PolicyBucket } from "./audit-trail";
export { ContainerRegistry, type ContainerRegistryProps } from "./container-registry";
export { SecurityServices, type SecurityServicesProps } from "./security-services";
export { SecurityPosture, ThreatDetection } from "./threat-detection";
export { WebFirewall, type WebFirewallProps } from "./web-firewall";
export type { SecurityService, SecurityServicesConfig } from "../../common/security-services";
