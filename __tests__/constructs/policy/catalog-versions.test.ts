// The adapter from the kit's version catalogs to the version rules.
import { DEFAULT_VERSIONS, VERSION_CATALOG } from "../../../common/versions";
import { DEFAULT_KUBERNETES_VERSION, KUBERNETES_RELEASES } from "../../../common/versions-cluster";
import { catalogVersions } from "../../../constructs/policy/catalog-versions";

const lookup = catalogVersions();

test("the catalog's default versions are supported, in the forms the AWS API takes", () => {
  expect(lookup("postgres", `${DEFAULT_VERSIONS.postgres}.1`)?.supported).toBe(true);
  expect(lookup("valkey", DEFAULT_VERSIONS.valkey)?.supported).toBe(true);
  expect(lookup("rabbitmq", DEFAULT_VERSIONS.rabbitmq)?.supported).toBe(true);
  expect(lookup("kafka", DEFAULT_VERSIONS.kafka)?.supported).toBe(true);
  expect(lookup("kubernetes", DEFAULT_KUBERNETES_VERSION)?.supported).toBe(true);
  const addon = Object.values(KUBERNETES_RELEASES[DEFAULT_KUBERNETES_VERSION]!.addons)[0]!;
  expect(lookup("eks-addon", addon)?.supported).toBe(true);
});

test("versions outside the catalog are unsupported, naming what the catalog has", () => {
  expect(lookup("postgres", "11.22")).toEqual({
    supported: false,
    detail: `not in the version catalog (catalog: ${Object.keys(VERSION_CATALOG.postgres).join(", ")})`,
  });
  expect(lookup("kubernetes", "1.20")?.supported).toBe(false);
  expect(lookup("eks-addon", "v0.0.1-eksbuild.1")?.supported).toBe(false);
});

test("subjects the catalog does not cover are left to pinning", () => {
  expect(lookup("lambda-runtime", "nodejs22.x")).toBeUndefined();
  expect(lookup("mysql", "8.0")).toBeUndefined();
});

test("with asOf, a version past its end of standard support is unsupported", () => {
  const [version, entry] = Object.entries(VERSION_CATALOG.postgres)[0]!;
  const lateLookup = catalogVersions({ asOf: "2999-01-01" });
  expect(lateLookup("postgres", version)).toEqual({ supported: false, detail: `standard support ended ${entry.endOfStandardSupport}` });
});

describe("exact verdicts, keyed the way each service versions", () => {
  const entryWithEnd = (table: Readonly<Record<string, { endOfStandardSupport: string | null }>>) => Object.entries(table).find(([, e]) => e.endOfStandardSupport !== null);
  const entryWithoutEnd = (table: Readonly<Record<string, { endOfStandardSupport: string | null }>>) => Object.entries(table).find(([, e]) => e.endOfStandardSupport === null);

  test("PostgreSQL by major: a minor of a listed major, with its end of support", () => {
    const [major, entry] = entryWithEnd(VERSION_CATALOG.postgres)!;
    expect(lookup("postgres", `${major}.3`)).toEqual({ supported: true, detail: `${major}.3 in the catalog, standard support until ${entry.endOfStandardSupport}` });
    expect(lookup("postgres", `${major}`)?.supported).toBe(true);
    expect(lookup("postgres", `1${major}.3`)?.supported).toBe(false);
  });

  test("Valkey and RabbitMQ by major.minor; an entry without an end date says so", () => {
    const [valkey] = entryWithoutEnd(VERSION_CATALOG.valkey)!;
    expect(lookup("valkey", `${valkey}.1`)).toEqual({ supported: true, detail: `${valkey}.1 in the catalog` });
    expect(lookup("valkey", valkey.split(".")[0]!)?.supported).toBe(false);
    const [rabbit] = entryWithoutEnd(VERSION_CATALOG.rabbitmq)!;
    expect(lookup("rabbitmq", `${rabbit}.5`)).toEqual({ supported: true, detail: `${rabbit}.5 in the catalog` });
    expect(lookup("rabbitmq", `${rabbit}9`)).toEqual({ supported: false, detail: `not in the version catalog (catalog: ${Object.keys(VERSION_CATALOG.rabbitmq).join(", ")})` });
  });

  test("Kafka only as listed, Kubernetes by major.minor", () => {
    const [kafka] = Object.keys(VERSION_CATALOG.kafka);
    expect(lookup("kafka", kafka!)?.supported).toBe(true);
    expect(lookup("kafka", `${kafka}.1`)?.supported).toBe(false);
    const [minor, release] = Object.entries(KUBERNETES_RELEASES)[0]!;
    expect(lookup("kubernetes", `${minor}.2`)).toEqual({ supported: true, detail: `${minor}.2 in the catalog, standard support until ${release.endOfStandardSupport}` });
  });

  test("EKS add-on builds pinned for any Kubernetes minor", () => {
    const build = Object.values(Object.values(KUBERNETES_RELEASES)[0]!.addons)[0]!;
    expect(lookup("eks-addon", build)).toEqual({ supported: true, detail: `${build} is pinned in the catalog` });
    expect(lookup("eks-addon", `${build}-x`)).toEqual({ supported: false, detail: "not an add-on build pinned in the catalog" });
  });

  test("asOf compares with the end of support: the last day is still supported, undated entries always are", () => {
    const [major, entry] = entryWithEnd(VERSION_CATALOG.postgres)!;
    expect(catalogVersions({ asOf: entry.endOfStandardSupport! })("postgres", major)?.supported).toBe(true);
    expect(catalogVersions({ asOf: "2000-01-01" })("postgres", major)?.supported).toBe(true);
    const [valkey] = entryWithoutEnd(VERSION_CATALOG.valkey)!;
    expect(catalogVersions({ asOf: "2999-01-01" })("valkey", valkey)?.supported).toBe(true);
  });
});
