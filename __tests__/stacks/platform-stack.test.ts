import { Testing } from "cdktf";
import { platform } from "../../config/environments";
import { backendFromEnv, buildPlatform } from "../../stacks/app";
import type { PlatformStack } from "../../stacks/platform-stack";

function stacksFor(options: Parameters<typeof buildPlatform>[2] = {}) {
  const app = Testing.app();
  return buildPlatform(app, platform, options);
}

/** The stack as Terraform receives it, with the backend and provider blocks that Testing.synth leaves out. */
function fullJson(stack: PlatformStack): unknown {
  return stack.toTerraform();
}

const all = stacksFor();

describe.each(platform.environments.map((e) => [e.name]))("%s-platform", (name) => {
  const stack = all[name].platform;
  const tf = fullJson(stack) as {
    terraform: { backend: Record<string, Record<string, unknown>> };
    provider: { aws: Record<string, unknown>[] };
    output: Record<string, unknown>;
  };
  const env = platform.environments.find((e) => e.name === name)!;

  it("is named <env>-platform", () => {
    expect(stack.node.id).toBe(`${name}-platform`);
  });

  it("has its own AWS provider in the environment's region with default tags", () => {
    expect(tf.provider.aws).toHaveLength(1);
    expect(tf.provider.aws[0]).toMatchObject({
      region: env.region,
      default_tags: [{ tags: { project: "aec-platform", environment: name, "managed-by": "cdktf" } }],
    });
  });

  it("keeps state in a lockfile-locked S3 backend keyed by env and stack, encrypted by the bucket's own KMS key", () => {
    // No `encrypt`: Terraform would then write with SSE-S3, overriding the bootstrapped bucket's SSE-KMS default.
    expect(tf.terraform.backend.s3).toEqual({
      bucket: env.state.bucket,
      region: env.state.region,
      key: `${name}/${name}-platform.tfstate`,
      use_lockfile: true,
    });
  });

  it("exports the network for other stacks", () => {
    expect(Object.keys(tf.output).sort()).toEqual(
      expect.arrayContaining(["data_subnet_ids", "private_subnet_ids", "public_subnet_ids", "vpc_cidr", "vpc_id"]),
    );
  });

  it("matches its snapshot", () => {
    // The bundle hash changes with every handler change; the handler tests assert it, the snapshot need not.
    expect(JSON.stringify(fullJson(stack), null, 2).replace(/[0-9a-f]{64}/g, "<bundle-sha256>")).toMatchSnapshot();
  });
});

describe("buildPlatform", () => {
  it("keeps the DR environment's state in the DR region", () => {
    const tf = all["prod-dr"].platform.toTerraform() as { terraform: { backend: { s3: { region: string } } } };
    expect(tf.terraform.backend.s3.region).toBe("us-east-1");
  });

  it("builds only the selected environments", () => {
    expect(Object.keys(stacksFor({ only: "prod" }))).toEqual(["prod"]);
  });

  it("uses a local backend with a relative path when asked", () => {
    const stack = stacksFor({ only: "dev", backend: "local" }).dev.platform;
    const tf = stack.toTerraform() as { terraform: { backend: Record<string, unknown> } };
    expect(tf.terraform.backend).toEqual({ local: { path: "../../../terraform.dev-platform.tfstate" } });
  });

  it("validates the whole configuration before building anything", () => {
    const app = Testing.app();
    const broken = { ...platform, environments: [{ ...platform.environments[0], name: "Dev" }] };
    expect(() => buildPlatform(app, broken)).toThrow('Dev.name: got "Dev"');
    expect(app.node.children).toHaveLength(0);
  });
});

describe("backendFromEnv", () => {
  it("defaults to s3 and accepts local", () => {
    expect(backendFromEnv(undefined)).toBe("s3");
    expect(backendFromEnv("")).toBe("s3");
    expect(backendFromEnv("local")).toBe("local");
  });

  it("fails on anything else, naming the variable and the fix", () => {
    expect(() => backendFromEnv("gcs")).toThrow(
      'PLATFORM_BACKEND: got "gcs"; expected "s3" or "local". Fix: unset it for the S3 backend, or set PLATFORM_BACKEND=local',
    );
  });
});
