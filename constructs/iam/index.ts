// Public entry point `aec-platform-kit/iam`: the statements grant methods and `HandlerFunction.allow` take.
export { policyDocument, serviceTrustPolicy, type Conditions, type PolicyStatement, type Principal } from "./policy-document";
