// Continuous delivery from GitHub Actions: the repository the pipeline roles trust, their names, and the checks on
// both. Shared by the configuration, the bootstrap constructs and the workflow tests. Pure: no cdktf.
import type { Problem } from "./problems";

/** GitHub's OIDC issuer host; IAM condition keys are named after it. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** The audience aws-actions/configure-aws-credentials asks GitHub for. */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

export interface DeliveryConfig {
  /** GitHub repository whose workflows plan and deploy, `owner/name`. */
  readonly repository: string;
  /** Branch that deploys; pull requests into it and pushes to it may plan. @default "main" */
  readonly mainBranch?: string;
}

// GitHub: owner 1-39 alphanumerics or single hyphens, not at either end; repository 1-100 of [A-Za-z0-9._-].
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
const BRANCH = /^(?!\/|.*\/$|.*\.\.|.*\/\/)[A-Za-z0-9._/-]{1,200}$/;
/** IAM role names are at most 64 characters. */
export const IAM_ROLE_NAME_MAX = 64;

export function ciRoleNames(prefix: string, environment: string): { readonly plan: string; readonly deploy: string } {
  return { plan: `${prefix}-${environment}-ci-plan`, deploy: `${prefix}-${environment}-ci-deploy` };
}

/** Owners that stand for "someone's organisation" in the shipped configuration. */
export function isPlaceholderRepository(repository: string): boolean {
  return /^example(?:-|$)/i.test(repository.split("/")[0] ?? "");
}

export function checkCiRepository(field: string, repository: string): Problem[] {
  const [owner, name, ...rest] = repository.split("/");
  if (rest.length === 0 && owner !== undefined && name !== undefined && OWNER.test(owner) && REPO.test(name) && name !== "." && name !== "..") return [];
  return [
    {
      field,
      value: repository,
      expected: "a GitHub repository as owner/name (owner: letters, digits, single hyphens; name: letters, digits, . _ -)",
      fix: 'write the repository the workflows run in, e.g. "my-org/aec-platform"',
    },
  ];
}

/** Problems in the delivery settings, and role names IAM would refuse for any environment. */
export function checkDelivery(field: string, delivery: DeliveryConfig, prefix: string, environments: readonly string[]): Problem[] {
  const at = (key: string) => (field === "" ? key : `${field}.${key}`);
  const problems = checkCiRepository(at("repository"), delivery.repository);
  if (delivery.mainBranch !== undefined && !BRANCH.test(delivery.mainBranch)) {
    problems.push({
      field: at("mainBranch"),
      value: delivery.mainBranch,
      expected: "a branch name (letters, digits, . _ - /; no leading or trailing slash, no '..')",
      fix: 'leave it unset for "main"',
    });
  }
  for (const env of environments) {
    const { deploy } = ciRoleNames(prefix, env);
    if (deploy.length > IAM_ROLE_NAME_MAX) {
      problems.push({
        field: at(`roles.${env}`),
        value: deploy,
        expected: `an IAM role name of at most ${IAM_ROLE_NAME_MAX} characters (${deploy.length} here)`,
        fix: "shorten the project or the environment's name",
      });
    }
  }
  return problems;
}
