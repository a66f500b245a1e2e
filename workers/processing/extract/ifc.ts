import { parseStepList, stepText, type StepValue } from "./step-values";
import type { Extraction, Extractor } from "./types";

export interface IfcLimits {
  /** Bytes read at most while looking for the IFCPROJECT entity. @default 64 MiB */
  readonly maxScanBytes: number;
  /** Longest statement kept; longer ones (geometry lists) are skipped, never buffered. @default 256 KiB */
  readonly maxStatementChars: number;
}

export const DEFAULT_IFC_LIMITS: IfcLimits = { maxScanBytes: 64 * 1024 * 1024, maxStatementChars: 256 * 1024 };

const [QUOTE, STAR, SLASH, SEMICOLON] = [0x27, 0x2a, 0x2f, 0x3b];
const PROJECT = /^#\d+\s*=\s*IFCPROJECT\s*\(/i;

/**
 * Reads an IFC file's STEP header (FILE_SCHEMA, FILE_NAME) and its IFCPROJECT entity's name, statement by
 * statement, and stops as soon as it has them. Strings (which may hold ";") and comments are tracked across chunks.
 */
export class IfcExtractor implements Extractor {
  private statement = "";
  private overflow = false;
  private inString = false;
  private inComment = false;
  private prev = 0;
  private section: "preamble" | "header" | "data" = "preamble";
  private scanned = 0;
  private done = false;
  private sawMagic = false;
  private schema: string[] = [];
  private fileName: StepValue[] | null = null;
  private projectName: string | null = null;
  private projectFound = false;
  private readonly problems: string[] = [];

  constructor(private readonly limits: IfcLimits = DEFAULT_IFC_LIMITS) {}

  push(chunk: Buffer): boolean {
    if (this.done) return false;
    const text = chunk.toString("latin1");
    let from = 0;
    for (let i = 0; i < text.length && !this.done; i++) {
      const c = text.charCodeAt(i);
      const prev = this.prev;
      this.prev = c;
      if (this.inComment) {
        if (prev === STAR && c === SLASH) {
          this.inComment = false;
          this.prev = 0;
          from = i + 1;
        }
      } else if (this.inString) {
        if (c === QUOTE) this.inString = false;
      } else if (c === QUOTE) {
        this.inString = true;
      } else if (c === STAR && prev === SLASH) {
        // The comment's "/" may have ended the previous chunk, already appended.
        if (i === 0) this.statement = this.statement.slice(0, -1);
        else this.append(text.slice(from, i - 1));
        this.inComment = true;
        this.prev = 0;
      } else if (c === SEMICOLON) {
        this.append(text.slice(from, i));
        this.complete();
        from = i + 1;
      }
    }
    if (!this.done && !this.inComment) this.append(text.slice(from));
    this.scanned += chunk.length;
    if (this.scanned >= this.limits.maxScanBytes) this.done = true;
    return !this.done;
  }

  finish(): Extraction {
    if (!this.sawMagic) this.problems.push("not an ISO-10303-21 (STEP) file");
    const fileName = this.fileName;
    return {
      kind: "ifc",
      metadata: {
        schema: this.schema[0] ?? null,
        ...(this.schema.length > 1 ? { schemas: this.schema } : {}),
        application: stepText(fileName?.[5]),
        preprocessor: stepText(fileName?.[4]),
        headerFileName: stepText(fileName?.[0]),
        projectName: this.projectName,
        ...(this.projectFound ? {} : { projectFound: false }),
        ...(this.problems.length > 0 ? { problems: this.problems } : {}),
      },
    };
  }

  private append(part: string): void {
    if (this.overflow || part.length === 0) return;
    if (this.statement.length + part.length > this.limits.maxStatementChars) {
      this.overflow = true;
      this.statement = "";
      return;
    }
    this.statement += part;
  }

  private complete(): void {
    const statement = this.statement.trim();
    const overflowed = this.overflow;
    this.statement = "";
    this.overflow = false;
    if (overflowed) return;
    const upper = statement.slice(0, 16).toUpperCase();
    if (this.section === "preamble") {
      if (upper === "ISO-10303-21") this.sawMagic = true;
      else if (upper === "HEADER") this.section = "header";
      return;
    }
    if (this.section === "header") {
      if (upper === "ENDSEC") return;
      if (upper === "DATA") this.section = "data";
      else if (upper.startsWith("FILE_SCHEMA")) this.schema = this.args(statement, "FILE_SCHEMA").flatMap((v) => (Array.isArray(v) ? v : [v])).flatMap((v) => (typeof v === "string" ? [v] : []));
      else if (upper.startsWith("FILE_NAME")) this.fileName = this.args(statement, "FILE_NAME");
      return;
    }
    if (PROJECT.test(statement)) {
      this.projectFound = true;
      this.projectName = stepText(this.args(statement.slice(statement.indexOf("=") + 1).trim(), "IFCPROJECT")[2]);
      this.done = true;
    }
  }

  private args(statement: string, entity: string): StepValue[] {
    try {
      return parseStepList(statement.slice(statement.indexOf("(")));
    } catch (err) {
      this.problems.push(`${entity} could not be parsed: ${(err as Error).message}`);
      return [];
    }
  }
}
