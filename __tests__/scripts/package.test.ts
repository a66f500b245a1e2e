// The kit as a dependency: `npm pack` (prepack builds dist/ with scripts/build-lib.js), the tarball unpacked into a
// project of its own, and there every entry point required, the example type-checked against the declarations
// and synthesized. Offline: the project's dependencies are links into this repository's node_modules, as an
// install would have put them there.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const repo = resolve(__dirname, "../..");
const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as {
  exports: Record<string, unknown>;
  dependencies: Record<string, string>;
};
const entries = Object.keys(pkg.exports).filter((e) => e !== "./package.json");
// No registry, no update check: nothing here may need the network.
const npmEnv = { ...process.env, npm_config_offline: "true", npm_config_update_notifier: "false", npm_config_fund: "false" };

/** Runtime names each entry point must export (types vanish at runtime; tsc checks those below). */
const EXPECTED: Record<string, string[]> = {
  "./network": ["Network", "VpcEndpoints", "VpcFlowLogs", "SUBNET_TIERS", "INTERFACE_ENDPOINT_SERVICES"],
  "./keys": ["EncryptionKey", "PlatformKeys", "DATA_CLASSES"],
  "./storage": ["Bucket", "BucketReplication", "PlatformBuckets", "BUCKET_PURPOSES", "STORAGE_CLASSES"],
  "./database": ["PostgresDatabase", "ReplicaLagAlarm"],
  "./cache": ["ValkeyCache"],
  "./messaging": ["createMessageBroker", "KafkaCluster", "RabbitMqBroker"],
  "./connections": ["DataClientsSecurityGroup", "DataSecurityGroup", "ServiceLogGroup"],
  "./handlers": ["HandlerFunction", "PlatformHandlers", "IngestionQueue", "QueryApi", "OutboxSweep", "HandlerAlarms", "handlerPackages", "entryPackage"],
  "./cluster": ["KubernetesCluster", "ManagedNodeGroup", "EksManagedAddons", "PodIdentityRole"],
  "./addons": ["ChartRelease", "ClusterConnection", "ClusterControllers", "ControllerIdentity", "EncryptedStorageClass", "PlatformNamespace"],
  "./monitoring": ["PlatformMonitoring", "MONITORING_NAMESPACE"],
  "./security": ["AuditTrail", "ContainerRegistry", "SecurityServices", "SecurityPosture", "ThreatDetection", "WebFirewall"],
  "./alarms": ["createAlarmTopic"],
  "./bootstrap": ["CiAccess", "ServiceLinkedRoles", "StateStore"],
  "./workloads": ["Workload", "WorkloadIdentity", "WORKLOAD_DEFAULTS", "imageReference"],
  "./iam": ["policyDocument", "serviceTrustPolicy"],
  "./policy": ["applyPolicyPack", "evaluate", "suppress", "KIT_RULES", "defineRule", "StackIndex"],
  "./common": ["ConfigError", "throwIfProblems", "VERSION_CATALOG", "DEFAULT_VERSIONS", "HANDLER_NAMES", "parseCidr"],
  "./config": ["standardSubnets"],
};

/** Loads every entry point in a fresh process and reports what each exports and what loading it cost. */
const PROBE = `
const exported = {};
for (const entry of ${JSON.stringify(entries)}) exported[entry] = Object.keys(require("aec-platform-kit" + entry.slice(1)));
const { handlerPackages } = require("aec-platform-kit/handlers");
const kitHandlers = Object.fromEntries(Object.entries(handlerPackages()).map(([name, p]) => [name, p.zipPath]));
console.log(JSON.stringify({ exported, kitHandlers }));
`;

/** What requiring one entry point alone loads. */
const LOADS = `
require("aec-platform-kit/network");
console.log(JSON.stringify(Object.keys(require.cache)));
`;

describe("the packed package", () => {
  const work = mkdtempSync(join(tmpdir(), "kit-package-"));
  const project = join(work, "consumer");
  const installed = join(project, "node_modules", "aec-platform-kit");
  let files: string[] = [];
  let probe: { exported: Record<string, string[]>; kitHandlers: Record<string, string> };
  let networkLoads: string[] = [];

  beforeAll(async () => {
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", work], { cwd: repo, env: npmEnv });
    const [packed] = JSON.parse(stdout.slice(stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
    files = packed!.files.map((f) => f.path);
    mkdirSync(installed, { recursive: true });
    await run("tar", ["-xzf", join(work, packed!.filename), "--strip-components=1", "-C", installed]);
    for (const name of [...Object.keys(pkg.dependencies), "@types"]) {
      mkdirSync(dirname(join(project, "node_modules", name)), { recursive: true });
      symlinkSync(join(repo, "node_modules", name), join(project, "node_modules", name));
    }
    // The example as a consumer would have it: its own files, the kit from node_modules.
    cpSync(join(repo, "examples", "minimal-data-platform"), project, { recursive: true });
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, dependencies: { "aec-platform-kit": "*" } }));
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", target: "es2022", types: ["node"] }, include: ["*.ts"] }),
    );

    const node = (script: string) => run(process.execPath, ["-e", script], { cwd: project });
    // The probes and the consumer's compile-then-synth are independent: side by side on two cores.
    const [loaded, loads] = await Promise.all([
      node(PROBE),
      node(LOADS),
      (async () => {
        await run(process.execPath, [join(repo, "node_modules", "typescript", "bin", "tsc"), "-p", project], { cwd: project });
        await run(process.execPath, ["main.js"], { cwd: project });
      })(),
    ]);
    probe = JSON.parse(loaded.stdout) as typeof probe;
    networkLoads = JSON.parse(loads.stdout) as string[];
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("holds the compiled kit, the handlers' sources it bundles at synth and the charts, and no tests", () => {
    expect(files).toEqual(expect.arrayContaining(["package.json", "dist/constructs/network/index.js", "dist/constructs/network/index.d.ts"]));
    expect(files).toEqual(expect.arrayContaining(["dist/lambdas/ingestion/handler.ts", "dist/lambdas/shared/env.js", "dist/charts/loki/values.yaml"]));
    expect(files.filter((f) => !f.startsWith("dist/") && f !== "package.json" && f !== "README.md")).toEqual([]);
    expect(files.filter((f) => /__tests__|\.test\.|\.build\/|\.tsbuildinfo$|^dist\/(scripts|stacks|bench|local)\//.test(f))).toEqual([]);
    // A .d.ts beside the handlers' .ts sources would lose to them in a consumer's TypeScript.
    expect(files.filter((f) => f.startsWith("dist/lambdas/") && f.endsWith(".d.ts"))).toEqual([]);
  });

  it.each(entries)("%s: exports the kit's names", (entry) => {
    expect(EXPECTED[entry]).toBeDefined();
    expect(probe.exported[entry]).toEqual(expect.arrayContaining(EXPECTED[entry]!));
  });

  it("bundles the kit's own handlers from the installed package", () => {
    expect(Object.keys(probe.kitHandlers).sort()).toEqual(["broker-setup", "ingestion", "migrate", "query"]);
    for (const zip of Object.values(probe.kitHandlers)) expect(zip.startsWith(installed)).toBe(true);
  });

  it("loads only the network's provider bindings for the network", () => {
    const bindings = networkLoads.filter((f) => f.includes("/@cdktf/provider-aws/lib/"));
    expect(bindings.length).toBeGreaterThan(0);
    expect(bindings.length).toBeLessThan(30);
    expect(networkLoads.filter((f) => /provider-aws\/lib\/index\.js|provider-(helm|kubernetes)|\/esbuild\//.test(f))).toEqual([]);
  });

  it("type-checks the example against the declarations and synthesizes it, the policy pack passing", () => {
    const out = join(project, "cdktf.out");
    const stack = JSON.parse(readFileSync(join(out, "stacks", "minimal-data-platform", "cdk.tf.json"), "utf8")) as {
      resource: Record<string, Record<string, { handler?: string }>>;
    };
    expect(Object.values(stack.resource.aws_lambda_function!)).toEqual([expect.objectContaining({ handler: "index.handler" })]);
    const report = JSON.parse(readFileSync(join(out, "policy", "minimal-data-platform.json"), "utf8")) as { counts: Record<string, number> };
    expect(report.counts).toMatchObject({ errors: 0, packErrors: 0 });
  });
});
