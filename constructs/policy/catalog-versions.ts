// Adapts the kit's version catalogs (common/versions.ts, common/versions-cluster.ts) to the VersionLookup the
// version rules take. The rules never import the catalogs, so only this file follows their shape.

import { KUBERNETES_RELEASES } from "../../common/versions-cluster";
import { VERSION_CATALOG, type CatalogEntry } from "../../common/versions";
import type { VersionLookup, VersionVerdict } from "./versions";

export interface CatalogVersionsOptions {
  /**
   * ISO date (YYYY-MM-DD) to compare end-of-standard-support dates with, e.g. in a scheduled CI job. Leave unset in
   * normal synths: a clock-dependent answer would make the same input synthesize differently on different days.
   * @default no date check; a version is supported when the catalog lists it
   */
  readonly asOf?: string;
}

export function catalogVersions(options: CatalogVersionsOptions = {}): VersionLookup {
  const judge = (table: Readonly<Record<string, CatalogEntry>>, key: string, version: string): VersionVerdict => {
    const entry = table[key];
    if (!entry) return { supported: false, detail: `not in the version catalog (catalog: ${Object.keys(table).join(", ")})` };
    const end = entry.endOfStandardSupport;
    if (options.asOf && end && end < options.asOf) return { supported: false, detail: `standard support ended ${end}` };
    return { supported: true, detail: end ? `${version} in the catalog, standard support until ${end}` : `${version} in the catalog` };
  };
  const parts = (version: string, n: number) => version.split(".").slice(0, n).join(".");

  return (subject, version) => {
    switch (subject) {
      case "postgres":
        return judge(VERSION_CATALOG.postgres, parts(version, 1), version);
      case "valkey":
        return judge(VERSION_CATALOG.valkey, parts(version, 2), version);
      case "rabbitmq":
        return judge(VERSION_CATALOG.rabbitmq, parts(version, 2), version);
      case "kafka":
        return judge(VERSION_CATALOG.kafka, version, version);
      case "kubernetes":
        return judge(KUBERNETES_RELEASES, parts(version, 2), version);
      case "eks-addon": {
        const pinned = Object.values(KUBERNETES_RELEASES).some((r) => Object.values(r.addons).includes(version));
        return pinned ? { supported: true, detail: `${version} is pinned in the catalog` } : { supported: false, detail: "not an add-on build pinned in the catalog" };
      }
      default:
        return undefined;
    }
  };
}
