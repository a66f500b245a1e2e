// A read-only view of one synthesized stack (cdk.tf.json): resources by type and address, data sources, and
// resolution of the `${type.name.attr}` references that rules meet in attribute values.

export type Config = Readonly<Record<string, unknown>>;

export interface TfResource {
  readonly type: string;
  readonly name: string;
  /** Terraform address, e.g. `aws_s3_bucket.storage_documents_1A2B3C4D`. */
  readonly address: string;
  /** Construct path from the synthesized metadata (absent when the JSON was stripped, e.g. by Testing.synth). */
  readonly path?: string;
  /** Attributes as Terraform receives them, without cdktf's `//` metadata. */
  readonly config: Config;
}

/** A whole-value Terraform reference such as `${aws_kms_key.logs.arn}` or `${data.aws_kms_key.x.id}`. */
export interface Reference {
  readonly mode: "resource" | "data";
  readonly type: string;
  readonly name: string;
  /** Attribute path after the name, e.g. `arn`; empty when the whole object is referenced. */
  readonly attribute: string;
}

const WHOLE_REFERENCE = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_.[\]"*-]+))?\}$/;

/** Parses a value that is exactly one reference; undefined for literals and composite expressions. */
export function parseReference(value: unknown): Reference | undefined {
  if (typeof value !== "string") return undefined;
  const m = WHOLE_REFERENCE.exec(value);
  if (!m) return undefined;
  const [, data, type, name, attribute] = m;
  if (!data && (type === "var" || type === "local" || type === "module" || type === "each" || type === "count")) {
    return undefined;
  }
  return { mode: data ? "data" : "resource", type: type!, name: name!, attribute: attribute ?? "" };
}

export class StackIndex {
  readonly name: string;
  readonly resources: readonly TfResource[];
  private readonly byType = new Map<string, TfResource[]>();
  private readonly byAddress = new Map<string, TfResource>();
  private readonly dataByAddress = new Map<string, TfResource>();

  constructor(json: unknown, fallbackName = "stack") {
    const root = asRecord(json);
    const meta = asRecord(asRecord(root["//"])["metadata"]);
    this.name = typeof meta["stackName"] === "string" ? meta["stackName"] : fallbackName;
    this.resources = readBlocks(root["resource"], "");
    for (const r of this.resources) {
      const list = this.byType.get(r.type) ?? [];
      list.push(r);
      this.byType.set(r.type, list);
      this.byAddress.set(r.address, r);
    }
    for (const d of readBlocks(root["data"], "data.")) this.dataByAddress.set(d.address, d);
  }

  ofType(type: string): readonly TfResource[] {
    return this.byType.get(type) ?? [];
  }

  resource(type: string, name: string): TfResource | undefined {
    return this.byAddress.get(`${type}.${name}`);
  }

  dataSource(type: string, name: string): TfResource | undefined {
    return this.dataByAddress.get(`data.${type}.${name}`);
  }

  /** The resource or data source a whole-value reference points at, when it is in this stack. */
  target(ref: Reference): TfResource | undefined {
    return ref.mode === "data" ? this.dataSource(ref.type, ref.name) : this.resource(ref.type, ref.name);
  }

  /**
   * Resources of `type` whose `attribute` points at `target` (by reference to any of its attributes, or by a
   * literal equal to one of the target's literal `literalKeys`), e.g. the public access block of a bucket.
   */
  attachedTo(target: TfResource, type: string, attribute: string, literalKeys: readonly string[] = []): TfResource[] {
    const literals = literalKeys.map((k) => target.config[k]).filter((v): v is string => typeof v === "string");
    return this.ofType(type).filter((r) => pointsAt(r.config[attribute], target, literals));
  }
}

/** True when `value` references `target` (any attribute) or equals one of its literal identifiers. */
function pointsAt(value: unknown, target: TfResource, literals: readonly string[] = []): boolean {
  if (typeof value !== "string") return false;
  const ref = parseReference(value);
  if (ref) return ref.mode === "resource" && ref.type === target.type && ref.name === target.name;
  return literals.includes(value);
}

function readBlocks(section: unknown, prefix: string): TfResource[] {
  const out: TfResource[] = [];
  for (const [type, byName] of Object.entries(asRecord(section))) {
    for (const [name, raw] of Object.entries(asRecord(byName))) {
      const { "//": meta, ...config } = asRecord(raw);
      const path = asRecord(asRecord(meta)["metadata"])["path"];
      out.push({
        type,
        name,
        address: `${prefix}${type}.${name}`,
        ...(typeof path === "string" ? { path } : {}),
        config,
      });
    }
  }
  return out;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
