// Account- and region-wide security services, each switchable for organisations that run it centrally.

export const SECURITY_SERVICES = ["cloudTrail", "guardDuty", "securityHub", "containerRegistry", "webFirewall"] as const;
export type SecurityService = (typeof SECURITY_SERVICES)[number];

/** Which services the kit creates in an environment; an omitted service is on. */
export type SecurityServicesConfig = Readonly<Partial<Record<SecurityService, boolean>>>;

export function enabledSecurityServices(config: SecurityServicesConfig | undefined): Record<SecurityService, boolean> {
  return Object.fromEntries(SECURITY_SERVICES.map((s) => [s, config?.[s] ?? true])) as Record<SecurityService, boolean>;
}

export const SECURITY_SERVICE_LABELS: Record<SecurityService, string> = {
  cloudTrail: "CloudTrail audit trail",
  guardDuty: "GuardDuty threat detection",
  securityHub: "Security Hub (AWS Foundational Security Best Practices)",
  containerRegistry: "ECR container registry",
  webFirewall: "WAF web ACL",
};

/** Services AWS allows once per account and region: a second environment there fails to create it. */
export const ONCE_PER_ACCOUNT_AND_REGION: readonly SecurityService[] = ["guardDuty", "securityHub"];
