// Public entry point `aec-platform-kit/bootstrap`: what every other stack of an account and region needs first.
export { CiAccess, type CiAccessProps, type CiEnvironment, type CiRoles } from "./ci-access";
export { ServiceLinkedRoles, type ServiceLinkedRoleMode, type ServiceLinkedRoleSpec, type ServiceLinkedRolesProps } from "./service-linked-roles";
export { StateStore, type StateStoreProps } from "./state-store";
