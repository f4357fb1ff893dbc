//! The vouchers of one batch, for printing. The API lists a location's vouchers newest
//! first; a batch's vouchers are generated together, so reading pages until `count` of
//! them are collected (or a page goes past them) stops soon after the batch.

import { gql } from '../../lib/api/client';
import { VouchersDocument, type VouchersQuery } from '../../lib/api/generated';

export interface PrintVoucher {
  id: string;
  code: string;
  password: string;
  priceSell: string;
  validitySeconds: number;
  status: string;
}

export async function batchVouchers(locationId: string, batchId: string, count: number | null): Promise<PrintVoucher[]> {
  const out: PrintVoucher[] = [];
  let after: string | null = null;
  let inBatch = false;
  for (;;) {
    const res: VouchersQuery = await gql(VouchersDocument, { locationId, first: 1000, after });
    const page = res.vouchers;
    for (const v of page.nodes) {
      if (v.batchId === batchId) {
        inBatch = true;
        out.push({ id: v.id, code: v.code, password: v.password, priceSell: v.priceSell, validitySeconds: v.validitySeconds, status: v.status });
      } else if (inBatch && count !== null && out.length >= count) {
        return sortByCode(out);
      }
    }
    if ((count !== null && out.length >= count) || !page.pageInfo.hasNextPage) return sortByCode(out);
    after = page.pageInfo.endCursor;
  }
}

function sortByCode(v: PrintVoucher[]): PrintVoucher[] {
  return v.sort((a, b) => a.code.localeCompare(b.code));
}
