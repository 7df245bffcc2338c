// Salesforce record ids: 3-char key prefix + 12 chars, plus a 3-char suffix that encodes the
// upper-case positions of the first 15 chars so the 18-char form survives case-insensitive systems.

const SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ID_SHAPE = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

export function checksumSuffix(id15: string): string {
  let suffix = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/** Returns the canonical 18-char id, or undefined when `value` is not a well-formed id. */
export function normalizeId(value: unknown): string | undefined {
  if (typeof value !== "string" || !ID_SHAPE.test(value)) return undefined;
  const id15 = value.slice(0, 15);
  const expected = checksumSuffix(id15);
  // Salesforce compares the suffix case-insensitively: it only exists to undo case folding.
  if (value.length === 18 && value.slice(15).toUpperCase() !== expected) return undefined;
  return id15 + expected;
}

export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}

function base62(n: number, width: number): string {
  let out = "";
  let rest = n;
  for (let i = 0; i < width; i++) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

/**
 * Issues ids that are unique across every org of one emulator (real ids are globally unique too).
 * Layout like production ids: prefix, 2-char pod, a reserved "0", 9-char base62 counter.
 */
export class IdFactory {
  private readonly counters = new Map<string, number>();

  constructor(private readonly pod = "8c") {}

  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    const id15 = `${prefix}${this.pod}0${base62(n, 9)}`;
    return id15 + checksumSuffix(id15);
  }
}
