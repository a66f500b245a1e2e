// IPv4 CIDR arithmetic for validation (configuration and construct props alike) and subnet planning.
// Pure functions: no cdktf, no I/O.

export interface Cidr {
  readonly text: string;
  /** First address as an unsigned 32-bit integer. */
  readonly network: number;
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "a.b.c.d/n"; returns undefined when the text is not a canonical IPv4 CIDR block. */
export function parseCidr(text: string): Cidr | undefined {
  const m = CIDR_PATTERN.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  // Host bits set (10.0.1.5/24) would be silently truncated by AWS: treat as invalid.
  if ((address & hostMask(prefix)) !== 0) return undefined;
  return { text, network: address, prefix };
}

function hostMask(prefix: number): number {
  return prefix === 0 ? 0xffffffff : (2 ** (32 - prefix) - 1) >>> 0;
}

export function lastAddress(c: Cidr): number {
  return (c.network + hostMask(c.prefix)) >>> 0;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.network <= lastAddress(b) && b.network <= lastAddress(a);
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.network <= inner.network && lastAddress(inner) <= lastAddress(outer);
}

export function formatAddress(n: number): string {
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 0xff).join(".");
}

/** The index-th block of size /newPrefix inside parent (e.g. subnet(10.0.0.0/16, 24, 10) = 10.0.10.0/24). */
export function subnet(parent: Cidr, newPrefix: number, index: number): string {
  if (newPrefix < parent.prefix || newPrefix > 32) {
    throw new RangeError(`cannot carve a /${newPrefix} out of ${parent.text}`);
  }
  const count = 2 ** (newPrefix - parent.prefix);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`${parent.text} holds ${count} /${newPrefix} blocks; index ${index} is outside 0..${count - 1}`);
  }
  return `${formatAddress((parent.network + index * 2 ** (32 - newPrefix)) >>> 0)}/${newPrefix}`;
}
