import { describe, expect, it } from 'vitest';
import { rupiah, zoneLabel, startOfDay, parseRupiah, duration } from './format';
import { addDecimals, subDecimals, compareDecimals } from './decimal';
import { cardsPerPage, paginate, loginUrl, columnChoices } from './print';
import { en } from './i18n/en';
import { id } from './i18n/id';
import { match } from './router.svelte';
import { mergeLive } from '../pages/vouchers/vouchers';
import { validateBatch } from '../pages/vouchers/validate';
import { validateLocation } from '../pages/locations/validate';
import { toCsv } from '../pages/reports/report';

describe('rupiah', () => {
  it('groups thousands with dots and never goes through floats', () => {
    expect(rupiah('5000')).toBe('Rp 5.000');
    expect(rupiah('5000.00')).toBe('Rp 5.000');
    expect(rupiah('1250000.50')).toBe('Rp 1.250.000,5');
    expect(rupiah('-750')).toBe('-Rp 750');
    expect(rupiah('12345678901234567890.01')).toBe('Rp 12.345.678.901.234.567.890,01');
    expect(rupiah(null)).toBe('–');
  });
  it('reads what people type', () => {
    expect(parseRupiah('Rp 5.000')).toBe('5000');
    expect(parseRupiah('5000,5')).toBe('5000.5');
    expect(parseRupiah('abc')).toBeNull();
  });
});

describe('zones', () => {
  it('names the three Indonesian zones', () => {
    expect(zoneLabel('Asia/Jakarta')).toBe('WIB');
    expect(zoneLabel('Asia/Makassar')).toBe('WITA');
    expect(zoneLabel('Asia/Jayapura')).toBe('WIT');
  });
  it('finds the start of the local day', () => {
    const now = new Date('2030-03-10T20:30:00Z'); // 03:30 on the 11th in WIB (UTC+7)
    expect(startOfDay(now, 'Asia/Jakarta').toISOString()).toBe('2030-03-10T17:00:00.000Z');
    expect(startOfDay(now, 'Asia/Jayapura').toISOString()).toBe('2030-03-10T15:00:00.000Z');
  });
  it('formats durations per language', () => {
    expect(duration(86400, 'en')).toBe('1d');
    expect(duration(90000, 'id')).toBe('1h 1j');
  });
});

describe('decimal sums', () => {
  it('adds and subtracts exactly', () => {
    expect(addDecimals('0.1', '0.2')).toBe('0.3');
    expect(subDecimals('5000', '7500.25')).toBe('-2500.25');
    expect(compareDecimals('10', '9.99')).toBe(1);
  });
});

describe('print layout', () => {
  it('fits at least 120 compact cards on an A4 page', () => {
    expect(cardsPerPage({ paper: 'a4', columns: 10, compact: true })).toBeGreaterThanOrEqual(120);
    expect(cardsPerPage({ paper: 'a4', columns: 4, compact: false })).toBe(24);
    expect(columnChoices('thermal58')).toEqual([1]);
  });
  it('paginates', () => {
    const pages = paginate([...Array(50).keys()], { paper: 'a4', columns: 4, compact: false });
    expect(pages.map((p) => p.length)).toEqual([24, 24, 2]);
  });
  it('puts the credentials in the login address', () => {
    expect(loginUrl('http://10.5.50.1/login', 'AB CD', 'p&q')).toBe('http://10.5.50.1/login?username=AB+CD&password=p%26q');
  });
});

describe('i18n', () => {
  it('has every key in both languages, none empty, none left in English by mistake', () => {
    expect(Object.keys(id).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(id)) expect(v, k).not.toBe('');
    const same = Object.keys(en).filter((k) => en[k as keyof typeof en] === id[k as keyof typeof id]);
    // Words that are the same in both languages (names, abbreviations).
    const allowed = new Set(['nav.whatsapp', 'nav.menu', 'role.operator', 'role.admin', 'role.super_admin', 'common.status', 'health.cpu', 'locations.router', 'locations.port', 'nav.admins', 'reports.g.OPERATOR', 'nav.g.vouchers', 'nav.vouchers', 'reports.count', 'wa.messages']);
    expect(same.filter((k) => !allowed.has(k))).toEqual([]);
  });
});

describe('router', () => {
  it('matches parameters', () => {
    expect(match('/print/:location/:batch', '/print/a/b%20c')).toEqual({ location: 'a', batch: 'b c' });
    expect(match('/locations/:id', '/locations')).toBeNull();
  });
});

describe('voucher list', () => {
  const v = (id: string, status: string, at: string) =>
    ({ id, code: id, password: id, status, batchId: 'b', profileName: 'p', priceSell: '1', validitySeconds: 1, firstLoginAt: null, validUntil: null, lastError: null, generatedAt: at });
  it('replaces known rows, drops ones leaving the filter, adds new on top', () => {
    const rows = [v('a', 'PROVISIONED', '2030-01-01T00:00:01Z'), v('b', 'PROVISIONED', '2030-01-01T00:00:00Z')];
    const r = mergeLive(rows, [v('b', 'REVOKED', '2030-01-01T00:00:00Z'), v('c', 'PROVISIONED', '2030-01-02T00:00:00Z')], 'PROVISIONED');
    expect(r.rows.map((x) => x.id)).toEqual(['c', 'a']);
    expect(r.added).toBe(1);
  });
});

describe('forms', () => {
  it('checks a batch before sending', () => {
    const ok = { profile: 'p', count: '1000', prefix: 'A-', codeLength: '6', charset: 'UPPER' as const, passwordMode: 'SAME_AS_USERNAME' as const, priceOverride: '' };
    expect(validateBatch(ok)).toEqual({});
    expect(validateBatch({ ...ok, count: '10001', codeLength: '3', priceOverride: 'x' })).toEqual({ count: 'form.invalidCount', codeLength: 'form.invalidLength', priceOverride: 'form.invalidMoney' });
  });
  it('checks a location before sending', () => {
    const d = { name: 'a', host: '10.0.0.1', port: '8728', transport: 'API_TLS' as const, username: 'u', password: '', hotspotServer: 'h', timeZone: 'Asia/Jakarta', tlsTrust: 'PINNED' as const, tlsFingerprint: 'ab' };
    expect(validateLocation(d, true)).toEqual({ password: 'form.required', tlsFingerprint: 'form.invalidFingerprint' });
  });
});

describe('csv', () => {
  it('quotes what needs quoting', () => {
    const row = { key: 'a,b', count: 1, revenue: '5000', cost: '3500', profit: '1500', refunds: '0', net: '1500' };
    expect(toCsv([row])).toBe('key,count,revenue,cost,profit,refunds,net\n"a,b",1,5000,3500,1500,0,1500\n');
  });
});
