// Public entry point `aec-platform-kit/common`: the types, checks and version catalogs that configuration and
// constructs share. Pure: loading it loads no cdktf.
export * from "./alerting";
export * from "./broker";
export * from "./cidr";
export * from "./cluster";
export * from "./data-sizing";
export * from "./delivery";
export * from "./handlers";
export * from "./log-retention";
export * from "./loki";
export * from "./network";
export * from "./problems";
export * from "./security-services";
export * from "./versions";
export * from "./versions-cluster";
