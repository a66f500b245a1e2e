// The pipeline the kit ships for its users (.github/workflows): valid workflow files, AWS only through OIDC roles,
// actions pinned to commits, and deploys in the documented order, gated by GitHub environments.
import { validateWorkflow } from "@action-validator/core";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { platform } from "../../config/environments";
import { deployOrder } from "../../config/deploy-order";

const dir = join(__dirname, "../../.github/workflows");
const files = readdirSync(dir).filter((f) => f.endsWith(".yml")).sort();
const text = (file: string) => readFileSync(join(dir, file), "utf8");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  uses?: string;
  needs?: string | string[];
  environment?: string;
  permissions?: Record<string, string>;
  with?: Record<string, string>;
  steps?: Step[];
  strategy?: { matrix?: Record<string, unknown> };
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}
const workflow = (file: string) => parse(text(file)) as Workflow;

describe("workflow files", () => {
  it("are the four the README describes", () => {
    expect(files).toEqual(["deploy-environment.yml", "deploy.yml", "dr-drill.yml", "pull-request.yml"]);
  });

  it.each(files)("%s passes the workflow validator", (file) => {
    expect(validateWorkflow(text(file)).errors).toEqual([]);
  });

  it("the validator would catch a broken file", () => {
    const broken = text("dr-drill.yml").replace("runs-on:", "runs-onn:");
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it.each(files)("%s pins every action to a full commit and reads only contents by default", (file) => {
    const uses = [...text(file).matchAll(/uses:\s*([^\s#]+)/g)].map((m) => m[1]!);
    for (const action of uses.filter((u) => !u.startsWith("./"))) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    expect(workflow(file).permissions).toEqual({ contents: "read" });
  });

  it.each(files)("%s holds no long-lived AWS keys and asks for an OIDC token only where it assumes a role", (file) => {
    expect(text(file)).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
    for (const [name, job] of Object.entries(workflow(file).jobs)) {
      const assumes = (job.steps ?? []).some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      const calls = job.uses !== undefined;
      expect({ name, idToken: job.permissions?.["id-token"] === "write" }).toEqual({ name, idToken: assumes || calls });
    }
  });
});

describe("pull requests", () => {
  const pr = workflow("pull-request.yml");

  it("run on pull requests into main: tests, synth with the report, and a diff per touched stack", () => {
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    expect(Object.keys(pr.jobs)).toEqual(["test", "synth", "diff"]);
    expect(pr.jobs.test!.steps!.map((s) => s.run).filter(Boolean)).toEqual(["bash .github/scripts/start-test-services.sh", "npm ci", "npm test"]);
    expect(JSON.stringify(pr.jobs.synth!.steps)).toContain("scripts/ci/touched-stacks.ts base/cdktf.out head/cdktf.out");
    expect(pr.jobs.synth!.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(pr.jobs.diff!.needs).toBe("synth");
    expect(pr.jobs.diff!.strategy!.matrix).toEqual({ target: "${{ fromJSON(needs.synth.outputs.stacks) }}" });
  });

  it("diff with the environment's plan role, never the deploy role, and pass the stack id through the environment", () => {
    const steps = pr.jobs.diff!.steps!;
    const assume = steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
    expect(assume.with!["role-to-assume"]).toBe("${{ fromJSON(vars.AWS_PLAN_ROLE_ARNS)[matrix.target.environment] }}");
    const diff = steps.find((s) => s.run?.includes("cdktf diff"))!;
    expect(diff.run).toBe('npx cdktf diff "$STACK"');
    expect(diff.env).toMatchObject({ PLATFORM_ENV: "${{ matrix.target.environment }}", STACK: "${{ matrix.target.stack }}" });
    expect(text("pull-request.yml")).not.toContain("DEPLOY_ROLE");
  });
});

describe("deploys from main", () => {
  const deploy = workflow("deploy.yml");
  const one = workflow("deploy-environment.yml");

  it("go through every environment in the configuration's order, each waiting for the one before", () => {
    expect(Object.keys(deploy.on)).toEqual(["push", "workflow_dispatch"]);
    expect(deploy.on.push).toEqual({ branches: ["main"] });
    const names = platform.environments.map((e) => e.name);
    expect(Object.keys(deploy.jobs)).toEqual(names);
    names.forEach((name, i) => {
      const job = deploy.jobs[name]!;
      expect(job.uses).toBe("./.github/workflows/deploy-environment.yml");
      expect(job.with!.environment).toBe(name);
      if (i === 0) expect(job.needs).toBeUndefined();
      else expect(job.needs).toBe(names[i - 1]);
    });
  });

  it("apply each environment's stacks one at a time, platform before add-ons, as synthesized today", () => {
    // deployOrder is held to the synthesized stacks in platform-contract.test.ts.
    for (const { environment, stacks } of deployOrder(platform)) {
      expect({ environment, stacks: deploy.jobs[environment]!.with!.stacks!.split(" ") }).toEqual({ environment, stacks });
    }
  });

  it("run in the GitHub environment of the same name with its deploy role, stopping at the first failure", () => {
    const job = one.jobs.deploy!;
    expect(job.environment).toBe("${{ inputs.environment }}");
    const assume = job.steps!.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
    expect(assume.with!["role-to-assume"]).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
    const run = job.steps!.find((s) => s.run?.includes("cdktf deploy"))!;
    expect(run.run).toContain("set -euo pipefail");
    expect(run.run).toContain('for stack in $STACKS; do');
    expect(run.env).toMatchObject({ PLATFORM_ENV: "${{ inputs.environment }}", STACKS: "${{ inputs.stacks }}" });
    expect(deploy.jobs.prod).toBeDefined();
    expect(text("deploy.yml")).toContain("cancel-in-progress: false");
  });
});

describe("the disaster-recovery drill", () => {
  it("runs weekly and on demand, with no AWS access", () => {
    const drill = workflow("dr-drill.yml");
    expect(drill.on).toEqual({ schedule: [{ cron: "17 6 * * 1" }], workflow_dispatch: {} });
    expect(drill.jobs.drill!.permissions).toBeUndefined();
    expect(drill.jobs.drill!.steps!.at(-1)!.run).toBe("npm run dr-drill");
  });
});
