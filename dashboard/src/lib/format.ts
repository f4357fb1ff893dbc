//! Display formatting: rupiah from decimal strings (never through floating point),
//! dates in a location's zone with its Indonesian abbreviation, durations and sizes.

import type { Lang } from './i18n.svelte';

/** "5000.00" → "Rp 5.000"; "-1250.5" → "-Rp 1.250,5". Works on the decimal string. */
export function rupiah(value: string | null | undefined): string {
  if (value == null || value === '') return '–';
  let s = String(value).trim();
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  const [int = '0', frac = ''] = s.split('.');
  const digits = int.replace(/^0+(?=\d)/, '');
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const cents = frac.replace(/0+$/, '');
  return `${negative ? '-' : ''}Rp ${grouped}${cents ? ',' + cents : ''}`;
}

/** Indonesia's three zones by their everyday names; other zones keep the IANA name. */
export function zoneLabel(tz: string): string {
  switch (tz) {
    case 'Asia/Jakarta':
    case 'Asia/Pontianak':
      return 'WIB';
    case 'Asia/Makassar':
      return 'WITA';
    case 'Asia/Jayapura':
      return 'WIT';
    default:
      return tz;
  }
}

export const DEFAULT_ZONE = 'Asia/Jakarta';

/** "6 Des 2026 14.05 WIB" (id) / "6 Dec 2026, 14:05 WIB" (en) in the given zone. */
export function dateTime(iso: string | null | undefined, lang: Lang, tz: string = DEFAULT_ZONE): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const text = new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', {
    timeZone: tz,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
  return `${text} ${zoneLabel(tz)}`;
}

/** Start of "today" in a zone, as an instant (for "generated today" counters). */
export function startOfDay(now: Date, tz: string = DEFAULT_ZONE): Date {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const localMs = get('hour') * 3600_000 + get('minute') * 60_000 + get('second') * 1000;
  return new Date(now.getTime() - localMs - now.getMilliseconds());
}

/** 90061 → "1d 1h 1m" (units are the same in both languages: h/m/d are read as such). */
export function duration(seconds: number | null | undefined, lang: Lang): string {
  if (seconds == null) return '–';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const day = lang === 'id' ? 'h' : 'd';
  const hour = lang === 'id' ? 'j' : 'h';
  const out: string[] = [];
  if (d) out.push(`${d}${day}`);
  if (h) out.push(`${h}${hour}`);
  if (m && !d) out.push(`${m}m`);
  return out.length ? out.join(' ') : `${seconds}s`;
}

/** Bytes in binary units, one decimal. */
export function bytes(n: number | null | undefined): string {
  if (n == null) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** A price typed by a person ("5.000", "5000", "Rp 5.000") as a decimal string, or null. */
export function parseRupiah(text: string): string | null {
  const t = text.replace(/Rp/i, '').replace(/\s/g, '').replace(/\./g, '').replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(t) ? t : null;
}
