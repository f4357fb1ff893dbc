//! Voucher print layouts: how many cards fit a sheet and the QR's login address.

export type Paper = 'a4' | 'thermal58' | 'thermal80';

export interface Layout {
  paper: Paper;
  columns: number;
  compact: boolean;
}

/** A4 is 210×297 mm; with 6 mm margins the printable area is 198×285 mm. */
const A4 = { width: 198, height: 285 };

/** Card height in mm for a layout (compact cards drop the QR's caption and shrink it). */
export function cardHeight(layout: Layout): number {
  if (layout.paper !== 'a4') return layout.paper === 'thermal58' ? 48 : 56;
  return layout.compact ? 23 : 42;
}

/** Cards on one A4 sheet; thermal rolls have no pages (one card after another). */
export function cardsPerPage(layout: Layout): number {
  if (layout.paper !== 'a4') return 1;
  const rows = Math.floor(A4.height / cardHeight(layout));
  return rows * layout.columns;
}

/** Splits the vouchers into pages of `cardsPerPage`. */
export function paginate<T>(items: T[], layout: Layout): T[][] {
  const per = cardsPerPage(layout);
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += per) pages.push(items.slice(i, i + per));
  return pages;
}

/** Columns allowed for a paper: A4 2–10 (compact from 6 up fits ≥120 per page), rolls 1. */
export function columnChoices(paper: Paper): number[] {
  return paper === 'a4' ? [2, 3, 4, 5, 6, 8, 10] : [1];
}

/**
 * The address the QR code opens: the hotspot's login page with the credentials, so a
 * scan logs the customer in (MikroTik's login page takes `username` and `password`).
 */
export function loginUrl(base: string, username: string, password: string): string {
  const url = new URL(base);
  url.searchParams.set('username', username);
  url.searchParams.set('password', password);
  return url.toString();
}

/** A plausible default: MikroTik's hotspot set-up uses 10.5.50.1 unless a DNS name is set. */
export const DEFAULT_LOGIN_BASE = 'http://10.5.50.1/login';
