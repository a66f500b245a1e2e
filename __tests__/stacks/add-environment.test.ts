// Adding an environment is one edit: one more object in the environment list. Here that edit is made in a copy of
// the configuration (qa, cloned from staging with its own name, VPC, state bucket and account), synthesized the way
// `npm run synth` does, and nothing else (no test, no registry) is touched.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { ConfigError } from "../../common/problems";
import { platform } from "../../config/environments";
import type { EnvironmentConfig } from "../../config/types";
import { buildPlatform } from "../../stacks/app";
import { QA_VPC_CIDR, qaEnvironment, withEnvironment } from "../config/fixtures";
import { synthPlatformTo, type SynthJson } from "../helpers";

describe("a new environment, qa, added to the list", () => {
  const dirs = [mkdtempSync(join(tmpdir(), "add-env-")), mkdtempSync(join(tmpdir(), "shipped-"))];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const withQa = synthPlatformTo(dirs[0]!, withEnvironment(qaEnvironment()));
  const shipped = synthPlatformTo(dirs[1]!);
  const stackJson = (id: string) => JSON.parse(withQa.get(join("stacks", id, "cdk.tf.json"))!.toString("utf8")) as SynthJson & {
    terraform: { backend: { s3: Record<string, unknown> } };
    provider: { aws: Record<string, unknown>[] };
  };

  it("gets its platform, cluster add-ons and bootstrap stacks", () => {
    for (const role of ["platform", "cluster-addons", "bootstrap"]) {
      expect(withQa.has(join("stacks", `qa-${role}`, "cdk.tf.json"))).toBe(true);
    }
  });

  it("passes the policy pack in every one of its stacks", () => {
    for (const role of ["platform", "cluster-addons", "bootstrap"]) {
      const report = JSON.parse(withQa.get(join("policy", `qa-${role}.json`))!.toString("utf8")) as { counts: { errors: number; packErrors: number } };
      expect([role, report.counts.errors, report.counts.packErrors]).toEqual([role, 0, 0]);
    }
  });

  it("lives in its own VPC, account and state bucket", () => {
    const qa = stackJson("qa-platform");
    expect(Object.values(qa.resource!.aws_vpc!)[0]!.cidr_block).toBe(QA_VPC_CIDR);
    expect(qa.provider.aws[0]).toMatchObject({ region: "us-west-2", allowed_account_ids: ["123456789012"] });
    expect(qa.terraform.backend.s3).toMatchObject({ bucket: "aec-platform-qa-tfstate-us-west-2", key: "qa/qa-platform.tfstate" });
    expect(Object.values(qa.resource!.aws_eks_cluster!)[0]!.name).toBe("aec-platform-qa");
    expect(Object.values(stackJson("qa-cluster-addons").data!.aws_eks_cluster!)[0]!.name).toBe("aec-platform-qa");
    expect(Object.values(stackJson("qa-bootstrap").resource!.aws_s3_bucket!).map((b) => b.bucket)).toContain("aec-platform-qa-tfstate-us-west-2");
  });

  it("leaves every shipped stack and policy report byte for byte as it was", () => {
    const files = [...shipped.keys()].filter((f) => f !== "manifest.json");
    expect(files.length).toBeGreaterThan(platform.environments.length);
    for (const file of files) expect({ file, same: shipped.get(file)!.equals(withQa.get(file) ?? Buffer.alloc(0)) }).toEqual({ file, same: true });
  });
});

describe("a broken new environment", () => {
  const broken: EnvironmentConfig = qaEnvironment({
    network: { ...qaEnvironment().network, vpcCidr: "10.0.0.0/16" },
    cluster: { ...qaEnvironment().cluster, kubernetesVersion: undefined as unknown as string },
    handlers: { ...qaEnvironment().handlers, runtime: "nodejs18.x" as "nodejs22.x" },
    state: { bucket: "QA_State", region: "us-west-2" },
  });

  it("reports all of its problems in one error, before any stack exists", () => {
    const app = Testing.app();
    let error: unknown;
    try {
      buildPlatform(app, withEnvironment(broken));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.field)).toEqual(
      expect.arrayContaining([
        "qa.network.vpcCidr",
        "qa.cluster.kubernetesVersion",
        "qa.handlers.runtime",
        "qa.state.bucket",
      ]),
    );
    const message = (error as Error).message;
    expect(message).toMatch(/^Invalid platform configuration \(\d+ problems\):\n/);
    expect(message).toContain("qa.cluster.kubernetesVersion: got nothing; expected a Kubernetes minor from the kit's catalog");
    expect(message).toContain('qa.handlers.runtime: got "nodejs18.x"; expected one of nodejs22.x, nodejs24.x');
    expect(message).toContain("qa.network.vpcCidr: got \"10.0.0.0/16\"; expected a range that overlaps no other environment's VPC (it overlaps prod");
    expect(message).toContain('qa.state.bucket: got "QA_State"; expected an S3 bucket name');
    expect(app.node.children).toHaveLength(0);
  });
});
