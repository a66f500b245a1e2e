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
