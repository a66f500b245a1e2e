// Public entry point `aec-platform-kit/connections`: security groups and log groups the data services share.
export { DataClientsSecurityGroup, type DataClientsSecurityGroupProps, type DataService } from "./client-security-group";
export { DataSecurityGroup, type DataSecurityGroupProps, type SecurityGroupPeer } from "./security-group";
export { ServiceLogGroup, type ServiceLogGroupProps } from "./service-log-group";
