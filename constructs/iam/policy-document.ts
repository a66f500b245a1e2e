// IAM policy documents rendered as JSON strings. Plain data instead of the aws_iam_policy_document data source,
// so that the synthesized JSON holds the whole policy and the kit's policy rules can read it.

export type Principal =
  | { readonly AWS: string | readonly string[] }
  | { readonly Service: string | readonly string[] }
  | { readonly Federated: string };

export type Conditions = Readonly<Record<string, Readonly<Record<string, string | boolean | readonly string[]>>>>;

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Principal | "*";
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  /** Everything except these; only with Effect "Deny" in the kit's documents. */
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Conditions;
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Trust policy letting one AWS service assume a role, scoped to this account (confused-deputy protection). */
export function serviceTrustPolicy(service: string, accountId: string, extra?: Conditions): string {
  return policyDocument([
    {
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId }, ...extra },
    },
  ]);
}
