import { IfcExtractor } from "./ifc";
import { PdfExtractor } from "./pdf";
import type { Extraction, Extractor } from "./types";

export type { Extraction, Extractor } from "./types";

/** Files of other types are recorded as `unknown`: checked (size, checksum) but not read. */
class UnknownExtractor implements Extractor {
  push(): boolean {
    return false;
  }

  finish(): Extraction {
    return { kind: "unknown", metadata: {} };
  }
}

/** The extractor for a file, chosen by the extension ingestion recorded (lower case, without the dot). */
export function extractorFor(extension: string): Extractor {
  switch (extension.toLowerCase()) {
    case "ifc":
      return new IfcExtractor();
    case "pdf":
      return new PdfExtractor();
    default:
      return new UnknownExtractor();
  }
}
