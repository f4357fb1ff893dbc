//! Report helpers (unit-tested): CSV text and bar widths from decimal strings.

import { compareDecimals } from '../../lib/decimal';

export type ReportRow = { key: string; count: number; revenue: string; cost: string; profit: string; refunds: string; net: string };

export function toCsv(rows: ReportRow[]): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const fields = (r: ReportRow) => [q(r.key), r.count, r.revenue, r.cost, r.profit, r.refunds, r.net];
  return ['key,count,revenue,cost,profit,refunds,net', ...rows.map((r) => fields(r).join(','))].join('\n') + '\n';
}

/** Widths in percent of the largest value (a chart needs proportions, not exact money). */
export function barWidths(values: string[]): number[] {
  if (values.length === 0) return [];
  const max = values.reduce((m, v) => (compareDecimals(v, m) > 0 ? v : m), values[0]);
  const top = Number(max);
  return values.map((v) => (top > 0 ? Math.max(0, Math.round((Number(v) / top) * 100)) : 0));
}
