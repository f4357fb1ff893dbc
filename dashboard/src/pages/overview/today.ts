//! "Generated today": vouchers come newest first, so pages are read until one reaches
//! before the start of the location's day (at most 10 pages of 1,000).

import { gql } from '../../lib/api/client';
import { VouchersDocument } from '../../lib/api/generated';
import { startOfDay } from '../../lib/format';

export async function generatedSince(locationId: string, tz: string, now = new Date()): Promise<number> {
  const since = startOfDay(now, tz).getTime();
  let after: string | null = null;
  let n = 0;
  for (let page = 0; page < 10; page++) {
    const { vouchers }: Awaited<ReturnType<typeof fetchPage>> = await fetchPage(locationId, after);
    for (const v of vouchers.nodes) {
      if (new Date(v.generatedAt).getTime() < since) return n;
      n++;
    }
    if (!vouchers.pageInfo.hasNextPage) return n;
    after = vouchers.pageInfo.endCursor;
  }
  return n;
}

function fetchPage(locationId: string, after: string | null) {
  return gql(VouchersDocument, { locationId, first: 1000, after });
}
