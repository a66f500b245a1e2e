import { LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import type { StateConfig } from "../config/types";

/** `s3` for real deployments; `local` keeps state next to the project for offline experiments. */
export type BackendKind = "s3" | "local";

export function configureBackend(stack: TerraformStack, stackId: string, envName: string, state: StateConfig, kind: BackendKind): void {
  if (kind === "local") {
    // Relative to cdktf.out/stacks/<id>, where Terraform runs: the file lands in the project root, and the
    // synthesized JSON holds no absolute path (cdktf's default would).
    new LocalBackend(stack, { path: `../../../terraform.${stackId}.tfstate` });
    return;
  }
  // No `encrypt`: with it and no kms_key_id, Terraform sends SSE-S3 (AES256) on every write, which overrides the
  // state bucket's default encryption under its own KMS key (the bootstrap stack's). The key's ARN is not known
  // at synth, so the bucket default does the encrypting.
  const backend = new S3Backend(stack, {
    bucket: state.bucket,
    region: state.region,
    key: `${envName}/${stackId}.tfstate`,
  });
  // S3-native state locking (Terraform >= 1.10); cdktf 0.21's S3Backend has no prop for it.
  backend.addOverride("use_lockfile", true);
}

/**
 * Oldest Terraform that can apply what the kit synthesizes: write-only arguments (`password_wo`,
 * `secret_string_wo`) need 1.11; ephemeral resources and S3-native locking (`use_lockfile`) need 1.10.
 */
export const TERRAFORM_REQUIRED_VERSION = ">= 1.11.0";

export function requireTerraformVersion(stack: TerraformStack): void {
  stack.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);
}
