// Every Helm value the kit sets must be a key the chart knows: Helm ignores unknown keys silently, so a misspelt or
// renamed key is a setting that never happens. The kit's values are read from the synthesized helm_release
// resources of every environment (charts/<release>/values.yaml, the constructs' values and the environment's
// overrides, merged) and checked against the chart's own values.yaml kept under upstream/ (see SOURCES.md).

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { parse } from "yaml";
import { HELM_CHARTS, type RemoteChartName } from "../../common/versions-cluster";
import { platform } from "../../config/environments";
import { ClusterAddonsStack } from "../../stacks/cluster-addons-stack";

const UPSTREAM = join(__dirname, "upstream");

type Mapping = Record<string, unknown>;

// No upstream values.yaml could be stored yet (SOURCES.md says why); their keys are unchecked until it is.
const NOT_STORED: readonly RemoteChartName[] = [];

// Subcharts whose values the parent passes through under a key: paths below the key are checked against the
// subchart's own values.yaml (upstream/<release>/charts/<subchart>/values.yaml) as well as the parent's, which
// documents only some of them and adds keys of its own (kube-prometheus-stack's grafana.additionalDataSources).
const SUBCHARTS: Readonly<Partial<Record<RemoteChartName, Readonly<Record<string, string>>>>> = {
  "kube-prometheus-stack": { grafana: "charts/grafana" },
};

// Keys below which a chart passes the value through to Kubernetes or to the program, whatever its default.
const OPEN_BY_NAME = new Set([
  "resources",
  "extraArgs",
  "podAnnotations",
  "podLabels",
  "nodeSelector",
  "labels",
  "annotations",
  "env",
  "extraEnv",
  "tolerations",
  "affinity",
]);

/**
 * Maps a chart renders into its program's own configuration (`toYaml`, or `tpl (. | toYaml)`), so any key the
 * program reads is valid below them, whatever defaults values.yaml happens to list. Each path must itself be a
 * key of the upstream values.yaml (a renamed parent still fails), and only what is below it is opened, never its
 * siblings. One line each: where the chart renders it.
 */
const OPEN_BY_PATH: Readonly<Partial<Record<RemoteChartName, Readonly<Record<string, string>>>>> = {
  loki: {
    "loki.limits_config": "loki.config: limits_config, through tpl (Loki's limits_config block)",
    "loki.commonConfig": "loki.config: common, through toYaml (Loki's common block)",
    "loki.compactor": "loki.config: compactor, through tpl (Loki's compactor block)",
    "loki.structuredConfig": "merged over the whole rendered Loki config",
  },
};

// Paths upstream documents neither as a key nor as a commented key; one line each: why the chart reads it.
const ALLOWED: Readonly<Partial<Record<RemoteChartName, Readonly<Record<string, string>>>>> = {};

interface SourceRow {
  release: string;
  chart: string;
  pinned: string;
  stored: string;
  commit: string;
}

function sources(): SourceRow[] {
  const text = readFileSync(join(UPSTREAM, "SOURCES.md"), "utf8");
  return text
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| release") && !line.startsWith("| ---"))
    .map((line) => {
      const [release, chart, pinned, stored, , , commit] = line.split("|").slice(1, -1).map((c) => c.trim());
      return { release, chart, pinned, stored, commit };
    });
}

function isMapping(v: unknown): v is Mapping {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Dotted paths of keys that values.yaml documents only in comments (`# key: value` under its parent). A line's
 * depth is the column of its key, inside the comment or not, so a commented key's parent is the nearest key above
 * it with a smaller column. Over-accepts prose such as `# Note: ...`; that only widens what counts as known.
 */
function commentedPaths(text: string): Set<string> {
  const out = new Set<string>();
  const stack: { column: number; key: string }[] = [];
  let blockColumn = -1;
  for (const line of text.split("\n")) {
    const real = /^(\s*)([^\s#:'"-][^:#]*?|"[^"]+"|'[^']+'):(\s|$)/.exec(line);
    const commented = /^(\s*)#(\s*)([A-Za-z0-9_.\-/]+):(\s|$)/.exec(line);
    const indent = /^\s*/.exec(line)![0].length;
    if (blockColumn >= 0) {
      if (line.trim() === "" || indent > blockColumn) continue;
      blockColumn = -1;
    }
    let column: number;
    let key: string;
    if (real) {
      column = real[1].length;
      key = real[2].replace(/^["']|["']$/g, "");
    } else if (commented) {
      column = commented[1].length + Math.max(0, commented[2].length - 1);
      key = commented[3];
    } else continue;
    while (stack.length > 0 && stack[stack.length - 1].column >= column) stack.pop();
    const path = [...stack.map((s) => s.key), key].join(".");
    if (!real) out.add(path);
    stack.push({ column, key });
    if (real && /:\s*[|>][-+]?\s*(#.*)?$/.test(line)) blockColumn = column;
  }
  return out;
}

interface Upstream {
  values: Mapping;
  commented: Set<string>;
}

const parsed = new Map<string, Upstream>();

/** upstream/<dir>/values.yaml, parsed once (kube-prometheus-stack's is ~180 kB). */
function upstream(dir: string): Upstream {
  const cached = parsed.get(dir);
  if (cached) return cached;
  const text = readFileSync(join(UPSTREAM, dir, "values.yaml"), "utf8");
  const up = { values: parse(text) as Mapping, commented: commentedPaths(text) };
  parsed.set(dir, up);
  return up;
}

/** Leaf paths of the kit's values, stopping at lists and scalars (their contents are values, not keys). */
function leafPaths(v: unknown, prefix: string[] = []): string[][] {
  if (!isMapping(v) || Object.keys(v).length === 0) return [prefix];
  return Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...prefix, k]));
}

/** Whether the chart knows `path`: a key, below an open map, a commented key, or allowed with a reason. */
function known(up: Upstream, path: string[], allowed: Readonly<Record<string, string>>, open: Readonly<Record<string, string>> = {}): boolean {
  let node: unknown = up.values;
  for (let i = 0; i < path.length; i++) {
    const here = path.slice(0, i + 1).join(".");
    if (here in allowed || up.commented.has(here)) return true;
    if (i > 0 && path.slice(0, i).join(".") in open) return true;
    if (!isMapping(node) || !(path[i] in node)) return false;
    node = node[path[i]];
    if (i === path.length - 1) return true;
    if (OPEN_BY_NAME.has(path[i]) || Array.isArray(node)) return true;
    if (isMapping(node) && Object.keys(node).length === 0) return true;
  }
  return true;
}

/** Whether the release knows `path`: the chart itself, or the subchart the path's first key passes values to. */
function knownByRelease(release: RemoteChartName, path: string[], allowed: Readonly<Record<string, string>>): boolean {
  if (known(upstream(release), path, allowed, OPEN_BY_PATH[release])) return true;
  const sub = SUBCHARTS[release]?.[path[0]];
  return sub !== undefined && path.length > 1 && known(upstream(join(release, sub)), path.slice(1), {});
}

function releaseValues(): Map<string, Mapping[]> {
  const out = new Map<string, Mapping[]>();
  for (const environment of platform.environments) {
    const stack = new ClusterAddonsStack(Testing.app(), { project: "aec-platform", environment });
    const tf = stack.toTerraform() as { resource: { helm_release: Record<string, { name: string; values: string[] }> } };
    for (const r of Object.values(tf.resource.helm_release)) {
      out.set(r.name, [...(out.get(r.name) ?? []), ...r.values.map((v) => parse(v) as Mapping)]);
    }
  }
  return out;
}

describe("upstream chart values (test data)", () => {
  const rows = sources();

  it("has one SOURCES.md row per pinned chart, at the version common/versions-cluster.ts pins", () => {
    const pins = Object.entries(HELM_CHARTS).map(([release, c]) => ({ release, chart: c.chart, pinned: c.version }));
    expect(rows.map(({ release, chart, pinned }) => ({ release, chart, pinned }))).toEqual(pins);
  });

  it("stores values.yaml for every chart but those listed as not stored, and says which commit it came from", () => {
    for (const row of rows) {
      const stored = existsSync(join(UPSTREAM, row.release, "values.yaml"));
      const pending = (NOT_STORED as readonly string[]).includes(row.release);
      expect({ release: row.release, stored, pending, row: row.stored === "not stored" }).toEqual({
        release: row.release,
        stored: !pending,
        pending,
        row: pending,
      });
      for (const sub of Object.values(SUBCHARTS[row.release as RemoteChartName] ?? {})) {
        expect({ release: row.release, sub, stored: existsSync(join(UPSTREAM, row.release, sub, "values.yaml")) }).toEqual({ release: row.release, sub, stored: true });
      }
      if (stored) expect({ release: row.release, commit: row.commit }).toEqual({ release: row.release, commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    }
  });

  it("opens only what is below an open path, and every open path is an upstream key", () => {
    const up = upstream("loki");
    const open = OPEN_BY_PATH.loki!;
    const knows = (path: string) => known(up, path.split("."), {}, open);
    expect(knows("loki.limits_config.retention_period")).toBe(true);
    expect(knows("loki.compactor.delete_request_store")).toBe(true);
    // Siblings and misspelt parents stay checked.
    expect(knows("loki.limits_confg.retention_period")).toBe(false);
    expect(knows("loki.storage.s3.regoin")).toBe(false);
    expect(knows("lokii.limits_config.retention_period")).toBe(false);
    for (const [release, paths] of Object.entries(OPEN_BY_PATH) as [RemoteChartName, Record<string, string>][]) {
      for (const path of Object.keys(paths)) {
        expect({ release, path, key: known(upstream(release), path.split("."), {}) }).toEqual({ release, path, key: true });
      }
    }
  });

  it("reads commented keys under their parent", () => {
    const text = ["a:", "  b: 1", "  # c: 2", "  #   d: 3", "# e:", "f: |", "  # g: 4"].join("\n");
    expect([...commentedPaths(text)].sort()).toEqual(["a.c", "a.c.d", "e"]);
  });
});

describe("Helm values the kit sets", () => {
  const values = releaseValues();
  const checked = (Object.keys(HELM_CHARTS) as RemoteChartName[]).filter((r) => !NOT_STORED.includes(r));

  it.each(checked)("%s: every key path is one the chart knows", (release) => {
    const allowed = ALLOWED[release] ?? {};
    const unknown = new Set<string>();
    for (const v of values.get(release) ?? []) {
      for (const path of leafPaths(v)) if (!knownByRelease(release, path, allowed)) unknown.add(path.join("."));
    }
    expect({ release, unknown: [...unknown].sort() }).toEqual({ release, unknown: [] });
  });

  it("every allow-listed path is still set by the kit and still unknown upstream", () => {
    for (const [release, paths] of Object.entries(ALLOWED) as [RemoteChartName, Record<string, string>][]) {
      const set = new Set((values.get(release) ?? []).flatMap((v) => leafPaths(v).map((p) => p.join("."))));
      for (const path of Object.keys(paths)) {
        expect({ release, path, set: [...set].some((p) => p === path || p.startsWith(`${path}.`)) }).toEqual({ release, path, set: true });
        expect({ release, path, known: knownByRelease(release, path.split("."), {}) }).toEqual({ release, path, known: false });
      }
    }
  });
});
