// STEP (ISO 10303-21) parameter lists and strings, as far as an IFC header and an entity's attributes need them.

export type StepValue = string | number | null | StepValue[] | { readonly ref: number } | { readonly enum: string } | { readonly typed: string; readonly value: StepValue };

/** Parses a parenthesised parameter list, e.g. `('a',$,(1,2),#5,.T.)`; throws on malformed input. */
export function parseStepList(text: string): StepValue[] {
  const parser = { text, at: 0 };
  skipSpace(parser);
  const list = parseList(parser);
  return list;
}

interface Cursor {
  readonly text: string;
  at: number;
}

function skipSpace(p: Cursor): void {
  while (p.at < p.text.length && /\s/.test(p.text[p.at]!)) p.at++;
}

function parseList(p: Cursor): StepValue[] {
  if (p.text[p.at] !== "(") throw new Error(`expected "(" at ${p.at}`);
  p.at++;
  const items: StepValue[] = [];
  skipSpace(p);
  if (p.text[p.at] === ")") {
    p.at++;
    return items;
  }
  for (;;) {
    skipSpace(p);
    items.push(parseValue(p));
    skipSpace(p);
    const c = p.text[p.at++];
    if (c === ")") return items;
    if (c !== ",") throw new Error(`expected "," or ")" at ${p.at - 1}`);
  }
}

function parseValue(p: Cursor): StepValue {
  const c = p.text[p.at];
  if (c === "'") return parseString(p);
  if (c === "(") return parseList(p);
  if (c === "$" || c === "*") {
    p.at++;
    return null;
  }
  if (c === "#") {
    const m = /^#(\d+)/.exec(p.text.slice(p.at, p.at + 24));
    if (!m) throw new Error(`bad reference at ${p.at}`);
    p.at += m[0].length;
    return { ref: Number(m[1]) };
  }
  if (c === ".") {
    const end = p.text.indexOf(".", p.at + 1);
    if (end < 0) throw new Error(`unterminated enumeration at ${p.at}`);
    const value = p.text.slice(p.at + 1, end);
    p.at = end + 1;
    return { enum: value };
  }
  const num = /^[+-]?(\d+\.?\d*(E[+-]?\d+)?|\.\d+)/i.exec(p.text.slice(p.at, p.at + 64));
  if (num) {
    p.at += num[0].length;
    return Number(num[0]);
  }
  const typed = /^([A-Z_][A-Z0-9_]*)\s*\(/i.exec(p.text.slice(p.at, p.at + 128));
  if (typed) {
    p.at += typed[0].length - 1;
    const inner = parseList(p);
    return { typed: typed[1]!.toUpperCase(), value: inner.length === 1 ? inner[0]! : inner };
  }
  throw new Error(`unexpected "${c ?? "end of input"}" at ${p.at}`);
}

function parseString(p: Cursor): string {
  let out = "";
  p.at++;
  for (;;) {
    const end = p.text.indexOf("'", p.at);
    if (end < 0) throw new Error("unterminated string");
    out += p.text.slice(p.at, end);
    p.at = end + 1;
    if (p.text[p.at] === "'") {
      out += "'";
      p.at++;
      continue;
    }
    return decodeStepString(out);
  }
}

/**
 * STEP strings are ISO 8859-1 with escapes for everything else (\X2\ UTF-16, \X4\ UTF-32, \X\ one byte, \S\ the
 * upper half). Many exporters write raw UTF-8 instead; such bytes are taken as UTF-8 when they decode cleanly.
 */
export function decodeStepString(raw: string): string {
  const text = /[\u0080-\u00ff]/.test(raw) ? utf8IfValid(raw) : raw;
  return text
    .replace(/\\X2\\((?:[0-9A-F]{4})+)\\X0\\/gi, (_, hex: string) => String.fromCharCode(...hex.match(/.{4}/g)!.map((h) => parseInt(h, 16))))
    .replace(/\\X4\\((?:[0-9A-F]{8})+)\\X0\\/gi, (_, hex: string) => String.fromCodePoint(...hex.match(/.{8}/g)!.map((h) => parseInt(h, 16))))
    .replace(/\\X\\([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\S\\(.)/g, (_, ch: string) => String.fromCharCode(ch.charCodeAt(0) + 128))
    .replace(/\\P[A-I]\\/g, "")
    .replace(/\\\\/g, "\\");
}

function utf8IfValid(latin1: string): string {
  const decoded = Buffer.from(latin1, "latin1").toString("utf8");
  return decoded.includes("\uFFFD") ? latin1 : decoded;
}

export function stepText(value: StepValue | undefined): string | null {
  if (typeof value === "string") return value.length > 0 ? value.slice(0, 512) : null;
  if (value && typeof value === "object" && "typed" in value) return stepText(value.value);
  return null;
}
