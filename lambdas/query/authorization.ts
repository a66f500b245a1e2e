// Which projects a caller may see, from the claims API Gateway's JWT authorizer verified. The identity provider
// puts the caller's project ids (or groups named after projects) in one claim; the deployment names that claim
// and an optional prefix that marks project groups among other groups. Nothing else grants access: no claim, no
// projects.

export interface AuthorizationSettings {
  /** Claim holding the caller's project ids or groups, e.g. "projects" or "cognito:groups". */
  readonly projectsClaim: string;
  /** Only values starting with this name projects (the prefix is removed): "project:" turns "project:demo" into "demo". */
  readonly projectPrefix: string;
}

export type Claims = Readonly<Record<string, unknown>>;

/**
 * The claim's values. A JSON array arrives as an array from a local token but as one string from API Gateway's
 * HTTP API authorizer, which renders arrays as "[a b c]"; a space- or comma-separated string is accepted too.
 */
export function claimValues(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.filter((value): value is string => typeof value === "string" && value !== "");
  if (typeof raw !== "string") return [];
  const trimmed = raw.trim();
  const list = trimmed.startsWith("[") && trimmed.endsWith("]") ? trimmed.slice(1, -1) : trimmed;
  return list.split(/[\s,]+/).filter((value) => value !== "");
}

/** The projects the claims grant; empty when the claim is absent or names none. */
export function grantedProjects(claims: Claims, settings: AuthorizationSettings): ReadonlySet<string> {
  const projects = new Set<string>();
  for (const value of claimValues(claims[settings.projectsClaim])) {
    if (value.startsWith(settings.projectPrefix) && value.length > settings.projectPrefix.length) {
      projects.add(value.slice(settings.projectPrefix.length));
    }
  }
  return projects;
}
