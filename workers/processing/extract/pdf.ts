import { inflateSync } from "node:zlib";
import type { Extraction, Extractor } from "./types";

export interface PdfLimits {
  /** Largest compressed object stream inflated to look for page objects. @default 16 MiB */
  readonly maxObjectStreamBytes: number;
  /** Largest inflated object stream. @default 64 MiB */
  readonly maxInflatedBytes: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = { maxObjectStreamBytes: 16 * 1024 * 1024, maxInflatedBytes: 64 * 1024 * 1024 };

// Tokens are short; this much text is kept behind the scan position (to find a token's dictionary) and ahead of it
// (so that a token split between two chunks is seen whole).
const WINDOW = 4096;
const TOKEN = /(\d+)\s+\d+\s+obj\b|\/Type\s*\/(Pages|Page|ObjStm)(?![A-Za-z0-9])|\bstream\r?\n/g;

/**
 * Counts a PDF's pages while it streams past, without a PDF library and without holding the file: the page tree
 * root's /Count (the /Pages dictionary without a /Parent) when it can be read, otherwise the number of distinct
 * page objects. Object streams (PDF 1.5+, where most objects of modern files live compressed) are inflated one at
 * a time, within limits. Encrypted files hide their object streams; their count comes from what is readable.
 */
export class PdfExtractor implements Extractor {
  private text = "";
  /** Absolute offset of text[0], and of the first byte not yet scanned. */
  private base = 0;
  private next = 0;
  private sawMagic = false;
  private version: string | null = null;
  private currentObject: number | null = null;
  private objStmPending = false;
  private capture: { parts: string[]; bytes: number; from: number; abandoned: boolean } | null = null;
  private readonly pageObjects = new Set<string>();
  private looseStreamPages = 0;
  private rootCount: number | null = null;
  private encrypted = false;
  private readonly problems: string[] = [];

  constructor(private readonly limits: PdfLimits = DEFAULT_PDF_LIMITS) {}

  push(chunk: Buffer): boolean {
    this.text += chunk.toString("latin1");
    // The header may sit anywhere in the first kilobyte (some writers put bytes before it).
    if (!this.sawMagic && this.base === 0) {
      const m = /%PDF-(\d\.\d)/.exec(this.text.slice(0, 1024));
      this.sawMagic = m !== null;
      this.version = m?.[1] ?? null;
    }
    this.scan(false);
    // Everything before the window behind the scan position is no longer needed.
    const keepFrom = Math.max(0, Math.min(this.next, this.capture?.from ?? Infinity) - WINDOW - this.base);
    if (keepFrom > 0) {
      this.text = this.text.slice(keepFrom);
      this.base += keepFrom;
    }
    return true;
  }

  finish(): Extraction {
    this.scan(true);
    if (!this.sawMagic) this.problems.push("no %PDF- header");
    const counted = this.pageObjects.size + this.looseStreamPages;
    const pageCount = this.rootCount ?? (counted > 0 ? counted : null);
    return {
      kind: "pdf",
      metadata: {
        pdfVersion: this.version,
        pageCount,
        ...(this.encrypted ? { encrypted: true } : {}),
        ...(this.problems.length > 0 ? { problems: this.problems } : {}),
      },
    };
  }

  private scan(final: boolean): void {
    const end = final ? this.text.length : this.text.length - WINDOW;
    if (!this.encrypted && /\/Encrypt\s/.test(this.text.slice(Math.max(0, this.next - this.base - 16)))) this.encrypted = true;
    while (this.next - this.base < end) {
      if (this.capture) {
        if (!this.continueCapture(final)) return;
        continue;
      }
      TOKEN.lastIndex = this.next - this.base;
      const m = TOKEN.exec(this.text);
      if (!m || m.index >= end) {
        this.next = this.base + Math.max(end, this.next - this.base);
        return;
      }
      this.next = this.base + m.index + m[0].length;
      if (m[1] !== undefined) {
        this.currentObject = Number(m[1]);
        this.objStmPending = false;
      } else if (m[2] === "Page") {
        this.pageObjects.add(this.currentObject === null ? `at:${this.base + m.index}` : String(this.currentObject));
      } else if (m[2] === "Pages") {
        this.notePagesNode(this.text, m.index);
      } else if (m[2] === "ObjStm") {
        this.objStmPending = true;
      } else if (this.objStmPending) {
        this.objStmPending = false;
        this.capture = { parts: [], bytes: 0, from: this.next, abandoned: false };
      }
    }
  }

  /** Collects an object stream up to "endstream"; false when more input is needed. */
  private continueCapture(final: boolean): boolean {
    const capture = this.capture!;
    const start = capture.from - this.base;
    const stop = this.text.indexOf("endstream", start);
    if (stop < 0) {
      if (final) {
        this.capture = null;
        this.next = this.base + this.text.length;
        return true;
      }
      const upTo = Math.max(start, this.text.length - "endstream".length);
      this.keep(capture, this.text.slice(start, upTo));
      capture.from = this.base + upTo;
      this.next = capture.from;
      return false;
    }
    this.keep(capture, this.text.slice(start, stop));
    this.capture = null;
    this.next = this.base + stop + "endstream".length;
    if (!capture.abandoned) this.readObjectStream(capture.parts.join(""));
    return true;
  }

  private keep(capture: NonNullable<PdfExtractor["capture"]>, part: string): void {
    if (capture.abandoned) return;
    capture.bytes += part.length;
    if (capture.bytes > this.limits.maxObjectStreamBytes) {
      capture.abandoned = true;
      capture.parts = [];
      this.problems.push("an object stream was larger than the limit and was not read");
      return;
    }
    capture.parts.push(part);
  }

  private readObjectStream(raw: string): void {
    let inflated: string;
    try {
      inflated = inflateSync(Buffer.from(raw.replace(/\r?\n$/, ""), "latin1"), { maxOutputLength: this.limits.maxInflatedBytes }).toString("latin1");
    } catch {
      if (!this.encrypted) this.problems.push("an object stream could not be inflated");
      return;
    }
    const token = /\/Type\s*\/(Pages|Page)(?![A-Za-z0-9])/g;
    for (let m = token.exec(inflated); m; m = token.exec(inflated)) {
      if (m[1] === "Page") this.looseStreamPages++;
      else this.notePagesNode(inflated, m.index);
    }
  }

  /** Reads /Count of the /Pages dictionary around `at`; a dictionary without /Parent is the tree's root. */
  private notePagesNode(text: string, at: number): void {
    const dict = enclosingDictionary(text, at);
    if (dict === null || /\/Parent\b/.test(dict)) return;
    const count = /\/Count\s+(\d+)/.exec(dict);
    if (count) this.rootCount = Math.max(this.rootCount ?? 0, Number(count[1]));
  }
}

/** The `<< ... >>` dictionary that contains position `at`, looking at most WINDOW characters either way. */
function enclosingDictionary(text: string, at: number): string | null {
  let depth = 0;
  let start = -1;
  for (let i = at; i >= Math.max(1, at - WINDOW); i--) {
    if (text[i] === ">" && text[i - 1] === ">") {
      depth++;
      i--;
    } else if (text[i] === "<" && text[i - 1] === "<") {
      if (depth === 0) {
        start = i - 1;
        break;
      }
      depth--;
      i--;
    }
  }
  if (start < 0) return null;
  depth = 0;
  for (let i = start; i < Math.min(text.length - 1, start + 4 * WINDOW); i++) {
    if (text[i] === "<" && text[i + 1] === "<") {
      depth++;
      i++;
    } else if (text[i] === ">" && text[i + 1] === ">") {
      depth--;
      i++;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return null;
}
