//! Voucher list logic shared by pages (and unit-tested): status colours and folding a
//! live change into the rows on screen.

import type { VoucherFieldsFragment } from '../../lib/api/generated';

export function statusTone(status: string): 'good' | 'warn' | 'bad' | 'neutral' {
  switch (status) {
    case 'PROVISIONED':
      return 'good';
    case 'ACTIVATED':
      return 'warn';
    case 'REVOKED':
    case 'EXPIRED':
    case 'REMOVED':
      return 'bad';
    default:
      return 'neutral';
  }
}

/**
 * Folds changed vouchers into the shown rows: known ones are replaced (or dropped when
 * they no longer match the status filter), new matching ones go on top (newest first).
 */
export function mergeLive(
  rows: VoucherFieldsFragment[],
  changed: VoucherFieldsFragment[],
  filter: string | null,
): { rows: VoucherFieldsFragment[]; added: number } {
  const byId = new Map(changed.map((v) => [v.id, v]));
  const out: VoucherFieldsFragment[] = [];
  for (const r of rows) {
    const c = byId.get(r.id);
    if (!c) out.push(r);
    else {
      byId.delete(r.id);
      if (!filter || c.status === filter) out.push(c);
    }
  }
  const fresh = [...byId.values()].filter((v) => !filter || v.status === filter);
  fresh.sort((a, b) => b.generatedAt.localeCompare(a.generatedAt));
  return { rows: [...fresh, ...out], added: fresh.length };
}
