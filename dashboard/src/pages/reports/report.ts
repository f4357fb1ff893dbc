//! Report helpers (unit-tested): CSV text and bar widths from decimal strings.

import { compareDecimals } from '../../lib/decimal';

export function toCsv(rows: { key: string; payments: number; received: string; fees: string; refunded: string }[]): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return ['key,payments,received,fees,refunded', ...rows.map((r) => [q(r.key), r.payments, r.received, r.fees, r.refunded].join(','))].join('\n') + '\n';
}

/** Widths in percent of the largest value (a chart needs proportions, not exact money). */
export function barWidths(values: string[]): number[] {
  if (values.length === 0) return [];
  const max = values.reduce((m, v) => (compareDecimals(v, m) > 0 ? v : m), values[0]);
  const top = Number(max);
  return values.map((v) => (top > 0 ? Math.max(0, Math.round((Number(v) / top) * 100)) : 0));
}
