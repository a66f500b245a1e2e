import { DEFAULT_VERSIONS, VERSION_CATALOG, checkCatalogVersion, knownVersions } from "../../common/versions";

describe("version catalog", () => {
  it("pins PostgreSQL 17 (newest known minor 17.9), Valkey 8.2, RabbitMQ 4.2 and Kafka 4.1 (KRaft) by default", () => {
    expect(DEFAULT_VERSIONS).toEqual({ postgres: "17", valkey: "8.2", rabbitmq: "4.2", kafka: "4.1.x.kraft" });
    expect(VERSION_CATALOG.postgres["17"]).toMatchObject({ latestMinor: "17.9", parameterGroupFamily: "postgres17" });
    expect(VERSION_CATALOG.valkey["8.2"].parameterGroupFamily).toBe("valkey8");
  });

  it("has a default that is in the catalog for every component", () => {
    for (const [component, version] of Object.entries(DEFAULT_VERSIONS)) {
      expect(knownVersions(component as keyof typeof DEFAULT_VERSIONS)).toContain(version);
    }
  });

  it("gives every entry an ISO end-of-support date or null (not announced), and a note", () => {
    for (const entries of Object.values(VERSION_CATALOG)) {
      for (const entry of Object.values(entries) as { endOfStandardSupport: string | null; notes: string }[]) {
        if (entry.endOfStandardSupport !== null) expect(entry.endOfStandardSupport).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(entry.notes.length).toBeGreaterThan(10);
      }
    }
  });

  it("accepts catalog versions", () => {
    expect(checkCatalogVersion("v", "rabbitmq", "3.13")).toEqual([]);
  });

  it("fails for a version missing from the catalog, naming the known ones and where to add one", () => {
    expect(checkCatalogVersion("prod.data.database.engineVersion", "postgres", "16")).toEqual([
      {
        field: "prod.data.database.engineVersion",
        value: "16",
        expected: "a postgres version from the kit's catalog (17)",
        fix: "use one of those, or add the version with its end-of-support date to VERSION_CATALOG.postgres in common/versions.ts",
      },
    ]);
  });
});
