//! Exact sums of money given as decimal strings (amounts are never floats): scaled
//! BigInt arithmetic with up to 4 fractional digits.

const SCALE = 4;

function toScaled(s: string): bigint {
  const t = s.trim();
  const neg = t.startsWith('-');
  const [i = '0', f = ''] = (neg ? t.slice(1) : t).split('.');
  const v = BigInt(i || '0') * 10n ** BigInt(SCALE) + BigInt((f + '0000').slice(0, SCALE));
  return neg ? -v : v;
}

function fromScaled(v: bigint): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const base = 10n ** BigInt(SCALE);
  const int = (a / base).toString();
  const frac = (a % base).toString().padStart(SCALE, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? '.' + frac : ''}`;
}

export function addDecimals(a: string, b: string): string {
  return fromScaled(toScaled(a) + toScaled(b));
}

export function subDecimals(a: string, b: string): string {
  return fromScaled(toScaled(a) - toScaled(b));
}

/** Compares two decimal strings: -1, 0 or 1. */
export function compareDecimals(a: string, b: string): number {
  const d = toScaled(a) - toScaled(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
