// Every environment the kit ships synthesizes with zero unsuppressed policy errors.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { platform } from "../../../config/environments";
import { applyPolicyPack, type PolicyPackHandle } from "../../../constructs/policy";
import { buildPlatform } from "../../../stacks/app";

test("every shipped environment is clean", () => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "policy-shipped-")) });
  const built = buildPlatform(app, platform);
  const handles: [string, PolicyPackHandle][] = [];
  for (const environment of platform.environments) {
    for (const stack of Object.values(built[environment.name] ?? {})) {
      if (!(stack instanceof TerraformStack)) continue;
      // Returns the existing handle when the stacks already apply the pack themselves.
      const handle = applyPolicyPack(stack, {
        settings: { multiAz: environment.multiAz, deletionProtection: environment.deletionProtection },
        log: () => undefined,
      });
      handles.push([stack.node.id, handle]);
    }
  }
  expect(handles.length).toBeGreaterThanOrEqual(platform.environments.length);
  expect(() => app.synth()).not.toThrow();
  for (const [id, handle] of handles) {
    expect([id, handle.lastReport?.counts.errors, handle.lastReport?.counts.packErrors]).toEqual([id, 0, 0]);
  }
});

test("an environment with the Kafka broker option is clean too", () => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "policy-kafka-")) });
  const environments = platform.environments.map((e) =>
    e.name === "prod" ? { ...e, data: { ...e.data, broker: { kind: "kafka" as const, instanceType: "kafka.m7g.large", storageGiB: 200, maxStorageGiB: 2000 } } } : e,
  );
  const built = buildPlatform(app, { ...platform, environments }, { only: "prod" });
  const handle = applyPolicyPack(built.prod!.platform, { log: () => undefined });
  expect(() => app.synth()).not.toThrow();
  expect(handle.lastReport?.counts).toMatchObject({ errors: 0, packErrors: 0 });
  expect(JSON.stringify(handle.lastReport?.findings)).toContain("aws_msk_cluster");
});
