// The example is the kit's proof that its constructs compose outside its environments: synthesized here with the
// policy pack applied, as a project depending on the package would run it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { Testing } from "cdktf";
import { applyPolicyPack } from "aec-platform-kit/policy";
import { MinimalDataPlatformStack } from "../../examples/minimal-data-platform/stack";
import { resourcesOf, type SynthJson } from "../helpers";

const root = resolve(__dirname, "../..");
const exampleDir = join(root, "examples", "minimal-data-platform");
const ID = "minimal-data-platform";

const app = Testing.app();
const stack = new MinimalDataPlatformStack(app, ID);
// fullSynth runs the stack's validations (the policy pack) and writes the handler's asset.
const outdir = Testing.fullSynth(stack);
const text = readFileSync(join(outdir, "stacks", ID, "cdk.tf.json"), "utf8");
const json = JSON.parse(text) as SynthJson;

/** The one resource of `type`; the example creates one of most. */
function only(type: string): Record<string, unknown> {
  const found = Object.values(resourcesOf(json, type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}

/** `${aws_x.name.attr}` references to every resource of `type`. */
function refs(type: string, attribute = "id"): string[] {
  return Object.keys(resourcesOf(json, type)).map((name) => `\${${type}.${name}.${attribute}}`);
}

const subnetRefs = (tier: string) =>
  Object.keys(resourcesOf(json, "aws_subnet"))
    .filter((name) => name.startsWith(`network_${tier}-`))
    .map((name) => `\${aws_subnet.${name}.id}`);

describe("examples/minimal-data-platform", () => {
  it("is a stack of its own: its AWS provider, a local backend at a relative path, the kit's pack passing", () => {
    expect(json.provider?.aws).toEqual([expect.objectContaining({ region: "eu-central-1" })]);
    expect(json.terraform?.backend).toEqual({ local: { path: `../../../terraform.${ID}.tfstate` } });
    const report = applyPolicyPack(stack).lastReport;
    expect(report?.counts).toMatchObject({ errors: 0, warnings: 0, packErrors: 0 });
  });

  it("creates the network, one customer key with rotation, the buckets, PostgreSQL, Valkey and the function", () => {
    for (const type of ["aws_vpc", "aws_kms_key", "aws_db_instance", "aws_elasticache_replication_group", "aws_lambda_function"]) {
      expect(Object.keys(resourcesOf(json, type))).toHaveLength(1);
    }
    expect(Object.keys(resourcesOf(json, "aws_s3_bucket"))).toHaveLength(2);
    expect(subnetRefs("private")).toHaveLength(2);
    expect(subnetRefs("data")).toHaveLength(2);
    expect(only("aws_kms_key")).toMatchObject({ enable_key_rotation: true });
  });

  it("encrypts every data store at rest with the customer key (the access-log bucket with SSE-S3, as S3 requires)", () => {
    const [key] = refs("aws_kms_key", "arn");
    expect(only("aws_db_instance")).toMatchObject({ storage_encrypted: true, kms_key_id: key });
    expect(only("aws_elasticache_replication_group")).toMatchObject({
      at_rest_encryption_enabled: "true",
      transit_encryption_enabled: true,
      kms_key_id: key,
    });
    const rules = Object.values(resourcesOf(json, "aws_s3_bucket_server_side_encryption_configuration")).map(
      (r) => (r.rule as { apply_server_side_encryption_by_default: Record<string, string> }[])[0]!.apply_server_side_encryption_by_default,
    );
    expect(rules).toEqual(
      expect.arrayContaining([{ sse_algorithm: "aws:kms", kms_master_key_id: key }, { sse_algorithm: "AES256" }]),
    );
    expect(only("aws_lambda_function").kms_key_arn).toBe(key);
  });

  it("keeps the data private: database and cache in the data subnets, buckets closed to the public", () => {
    expect(only("aws_db_instance")).toMatchObject({ publicly_accessible: false });
    expect(only("aws_db_subnet_group").subnet_ids).toEqual(subnetRefs("data"));
    expect(only("aws_elasticache_subnet_group").subnet_ids).toEqual(subnetRefs("data"));
    for (const block of Object.values(resourcesOf(json, "aws_s3_bucket_public_access_block"))) {
      expect(block).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    }
  });

  it("runs the user's own handler in the private subnets, behind its own group, admitted by the database and cache", () => {
    const fn = only("aws_lambda_function");
    const group = `\${aws_security_group.${Object.keys(resourcesOf(json, "aws_security_group")).find((n) => n.startsWith("files_"))}.id}`;
    expect(fn.vpc_config).toEqual({ subnet_ids: subnetRefs("private"), security_group_ids: [group] });
    const ingress = Object.values(resourcesOf(json, "aws_vpc_security_group_ingress_rule"));
    expect(ingress.map((r) => [r.from_port, r.referenced_security_group_id]).sort()).toEqual([
      [5432, group],
      [6379, group],
    ]);
    expect(ingress.every((r) => r.cidr_ipv4 === undefined)).toBe(true);
    // The asset is the entry's bundle, under its own hash.
    expect(fn).toMatchObject({ handler: "index.handler", source_code_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(fn.filename).toBe(`assets/${readdirSync(join(outdir, "stacks", ID, "assets"))[0]}/${fn.source_code_hash}/handler.zip`);
    expect(readFileSync(join(outdir, "stacks", ID, String(fn.filename))).subarray(0, 2).toString()).toBe("PK");
  });

  it("writes no path of this machine into the output", () => {
    expect(text).not.toContain(root);
    expect(text).not.toContain(tmpdir());
  });

  it("imports the kit only through the package's entry points", () => {
    const exported = Object.keys((require("../../package.json") as { exports: Record<string, unknown> }).exports);
    for (const file of readdirSync(exampleDir).filter((f) => f.endsWith(".ts"))) {
      const source = readFileSync(join(exampleDir, file), "utf8");
      for (const [, specifier] of source.matchAll(/from\s+"([^"]+)"/g)) {
        if (specifier!.startsWith(".")) {
          expect(relative(exampleDir, resolve(exampleDir, dirname(specifier!)))).toBe("");
        } else if (specifier!.startsWith("aec-platform-kit")) {
          expect(exported).toContain(`.${specifier!.slice("aec-platform-kit".length)}`);
        }
      }
    }
    expect(existsSync(join(exampleDir, "handler.ts"))).toBe(true);
  });
});
