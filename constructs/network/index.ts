// Public entry point `aec-platform-kit/network`. Each service has its own, so importing one loads only the
// provider bindings that service uses.
export { Network, type NetworkProps } from "./network";
export { VpcEndpoints, type VpcEndpointsProps } from "./endpoints";
export { VpcFlowLogs, type VpcFlowLogsProps } from "./flow-logs";
export {
  INTERFACE_ENDPOINT_SERVICES,
  SUBNET_TIERS,
  type InterfaceEndpointService,
  type NatMode,
  type SubnetsByAz,
  type SubnetTier,
} from "../../common/network";
