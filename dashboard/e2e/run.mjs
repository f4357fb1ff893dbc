// End-to-end tests of the dashboard in Debian's Chromium (playwright-core, no browser
// download), against a running `tagih serve` and a RouterOS simulator that
// tests/api/dashboard_e2e.rs starts. Reads:
//   TAGIH_URL, ADMIN_USER, ADMIN_PASSWORD, SIM_HOST, SIM_PORT, SIM_PASSWORD,
//   ARTIFACTS (screenshots), CHROMIUM (default /usr/bin/chromium)
// Prints one line per check and "N passed, M failed"; exits non-zero on any failure.
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';

const env = (k, d) => process.env[k] ?? d ?? (() => { throw new Error(`${k} is not set`); })();
const BASE = env('TAGIH_URL');
const ADMIN = env('ADMIN_USER');
const ADMIN_PW = env('ADMIN_PASSWORD');
const SIM = { host: env('SIM_HOST'), port: env('SIM_PORT'), password: env('SIM_PASSWORD') };
const ART = env('ARTIFACTS', 'target/dashboard-e2e');
mkdirSync(ART, { recursive: true });

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };
let passed = 0;
let failed = 0;

async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok: ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL: ${name}: ${e?.stack ?? e}`);
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

const browser = await chromium.launch({
  executablePath: env('CHROMIUM', '/usr/bin/chromium'),
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});

async function newPage(viewport) {
  const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
  // Generous: the suite shares two cores with the rest of the Rust tests.
  context.setDefaultTimeout(60000);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.problems = problems;
  return page;
}

async function login(page, user, password) {
  await page.goto(`${BASE}/`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=who]');
}

async function shot(page, name) {
  await page.screenshot({ path: join(ART, `${name}.png`), fullPage: true });
}

/** Horizontal scroll means something is wider than the phone. */
async function noSideScroll(page, what) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert(scroll <= client, `${what}: page is ${scroll}px wide on a ${client}px screen`);
}

/** Text nodes that look like untranslated keys ("nav.overview"). */
async function untranslated(page) {
  return page.evaluate(() => {
    const out = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const t = walk.currentNode.textContent.trim();
      if (/^[a-z]+(\.[A-Za-z_]+)+$/.test(t)) out.push(t);
    }
    for (const el of document.querySelectorAll('[placeholder],[aria-label],[title]')) {
      for (const a of ['placeholder', 'aria-label', 'title']) {
        const v = el.getAttribute(a);
        if (v && /^[a-z]+(\.[A-Za-z_]+)+$/.test(v)) out.push(v);
      }
    }
    return out;
  });
}

const main = await newPage(DESKTOP);
let locationId = null;

// --- security headers and the shell -------------------------------------------------
await check('the app is served with a strict CSP and no console errors', async () => {
  const res = await main.goto(`${BASE}/`);
  const csp = res.headers()['content-security-policy'] ?? '';
  assert(csp.includes("script-src 'self'") && !csp.includes('unsafe-inline'), `CSP: ${csp}`);
  await main.waitForSelector('input[name=username]');
  assert(main.problems.length === 0, `console: ${main.problems.join('\n')}`);
});

await check('login refuses a wrong password with a translated message', async () => {
  await main.fill('input[name=username]', ADMIN);
  await main.fill('input[name=password]', 'wrong-password');
  await main.click('button[type=submit]');
  const alert = await main.waitForSelector('[role=alert]');
  const text = await alert.textContent();
  assert(/salah|berakhir/i.test(text), `message: ${text}`);
});

await check('login keeps the session across a reload', async () => {
  await login(main, ADMIN, ADMIN_PW);
  await main.reload();
  await main.waitForSelector('[data-testid=who]');
  await shot(main, 'overview-empty-desktop');
});

// --- a location on the simulator, a profile, a sync ---------------------------------
await check('create a location pointing at the simulator', async () => {
  await main.goto(`${BASE}/locations/new`);
  await main.fill('input[name=name]', 'Warnet Sim');
  await main.fill('input[name=host]', SIM.host);
  await main.fill('input[name=port]', String(SIM.port));
  await main.fill('input[name=router-username]', 'admin');
  await main.click('button[type=submit]');
  // Validation first: no password yet.
  await main.waitForSelector('.field-error');
  await main.fill('input[name=router-password]', SIM.password);
  await main.fill('input[name=hotspot-server]', 'all');
  await main.click('button[type=submit]');
  await main.waitForURL((u) => /^\/locations\/[0-9a-f-]{36}$/.test(u.pathname));
  locationId = main.url().split('/').pop();
  await main.waitForSelector('h1:has-text("Warnet Sim")');
});

await check('create a voucher profile with prices', async () => {
  await main.goto(`${BASE}/profiles?location=${locationId}`);
  await main.fill('input[name=profile-name]', '1 Hari');
  await main.fill('input[name=price-sell]', '5.000');
  await main.fill('input[name=price-cost]', '3000');
  await main.fill('input[name=validity]', '1d');
  await main.click('form button[type=submit]');
  const row = await main.waitForSelector('tr:has-text("1 Hari")');
  const text = await row.textContent();
  assert(text.includes('Rp 5.000') && text.includes('Rp 3.000') && text.includes('Rp 2.000'), `row: ${text}`);
});

await check('sync the router now', async () => {
  await main.goto(`${BASE}/locations/${locationId}`);
  await main.click('button[role=tab]:has-text("Sinkron")');
  await main.click('button:has-text("Sinkron sekarang")');
  await main.waitForSelector('[data-testid=sync-result]', { timeout: 30000 });
  await shot(main, 'location-sync-desktop');
});

// --- a second admin and an operator, made through the Admins page ---------------------
await check('create a second admin and an operator', async () => {
  await main.goto(`${BASE}/admins`);
  for (const [user, role] of [['siti', 'ADMIN'], ['budi', 'OPERATOR']]) {
    await main.fill('input[name=new-username]', user);
    await main.fill('input[name=new-password]', `${user}-password-1`);
    await main.selectOption('select[name=new-role]', role);
    await main.click('form button[type=submit]');
    await main.waitForSelector(`td:has-text("${user}")`);
  }
  await shot(main, 'admins-desktop');
});

// --- live overview in a second browser, generation in the first ---------------------
const watcher = await newPage(PHONE);
// The watcher's WebSocket goes through the test, so the test can drop it.
let watcherSocket = null;
let sockets = 0;
await watcher.routeWebSocket(/\/graphql\/ws/, (ws) => {
  watcherSocket = ws;
  sockets++;
  ws.connectToServer();
});
await check('a second admin on a phone watches the overview', async () => {
  await login(watcher, 'siti', 'siti-password-1');
  await watcher.waitForSelector('[data-testid="tile-Warnet Sim"]');
  await watcher.waitForFunction(() => document.querySelector('[data-testid="tile-Warnet Sim"] [data-testid=voucher-total]')?.textContent === '0');
});

await check('generate 1,000 vouchers with progress to the router', async () => {
  await main.goto(`${BASE}/vouchers/generate`);
  await main.waitForSelector('select[name=profile] option', { state: 'attached' });
  await main.fill('input[name=count]', '10001');
  await main.click('form button[type=submit]');
  await main.waitForSelector('.field-error');
  await main.fill('input[name=count]', '1000');
  await main.fill('input[name=prefix]', 'WS');
  await main.click('form button[type=submit]');
  await main.waitForSelector('[data-testid=generate-result]', { timeout: 60000 });
  await main.waitForFunction(() => {
    const p = document.querySelector('[data-testid=generate-result] progress');
    return p && Number(p.getAttribute('value')) === 1000;
  }, null, { timeout: 90000 });
  await shot(main, 'generate-desktop');
});

await check('first load of the overview (measured, not timed)', async () => {
  const page = await newPage(DESKTOP);
  await login(page, 'siti', 'siti-password-1');
  const started = Date.now();
  await page.goto(`${BASE}/`);
  await page.waitForFunction(() => document.querySelector('[data-testid="tile-Warnet Sim"] [data-testid=voucher-total]')?.textContent === '1000');
  const ms = Date.now() - started;
  const nav = await page.evaluate(() => JSON.stringify(performance.getEntriesByType('navigation')[0]?.toJSON?.() ?? {}));
  const { domInteractive = 0 } = JSON.parse(nav);
  console.log(`measure: overview interactive after ${Math.round(domInteractive)} ms, counters filled after ${ms} ms`);
  await page.context().close();
});

await check('the overview counters moved live without a reload', async () => {
  await watcher.waitForFunction(() => document.querySelector('[data-testid="tile-Warnet Sim"] [data-testid=voucher-total]')?.textContent === '1000', null, { timeout: 30000 });
  await watcher.waitForFunction(() => document.querySelector('[data-testid="tile-Warnet Sim"] [data-testid=generated-today]')?.textContent === '1000', null, { timeout: 30000 });
  // Money and attention (admin parts) are there too, in rupiah.
  await watcher.waitForFunction(() => /^Rp \d/.test(document.querySelector('[data-testid=revenue-today]')?.textContent ?? ''), null, { timeout: 15000 });
  await watcher.waitForSelector('[data-testid=attention]');
  await shot(watcher, 'overview-phone');
  await noSideScroll(watcher, 'overview');
});

// --- revocation seen live by another admin -------------------------------------------
await check("a voucher revoked by one admin shows as revoked in the other's list", async () => {
  await watcher.goto(`${BASE}/vouchers`);
  await watcher.waitForSelector('[data-testid=voucher-table] tbody tr');
  await main.goto(`${BASE}/vouchers`);
  const first = await main.waitForSelector('[data-testid=voucher-table] tbody tr');
  const code = await first.getAttribute('data-code');
  const total = await main.textContent('[data-testid=voucher-total]');
  assert(total.includes('1000'), `total: ${total}`);
  main.once('dialog', (d) => d.accept('dicetak salah'));
  await (await first.$('button:has-text("Cabut")')).click();
  // Revoked, and soon removed from the router: either is the revocation seen live.
  await watcher.waitForFunction(
    (c) => ['Dicabut', 'Dihapus'].includes(document.querySelector(`tr[data-code="${c}"] .badge`)?.textContent ?? ''),
    code,
    { timeout: 20000 },
  );
  await shot(watcher, 'vouchers-phone');
  await noSideScroll(watcher, 'vouchers');
});

await check('a dropped socket reconnects and the list catches up with what happened meanwhile', async () => {
  assert(watcherSocket, 'the watcher has a socket');
  const opened = sockets;
  await watcherSocket.close({ code: 1012, reason: 'test drop' });
  const second = (await main.$$('[data-testid=voucher-table] tbody tr'))[1];
  const code = await second.getAttribute('data-code');
  main.once('dialog', (d) => d.accept('hilang'));
  await (await second.$('button:has-text("Cabut")')).click();
  await watcher.waitForFunction(
    (c) => ['Dicabut', 'Dihapus'].includes(document.querySelector(`tr[data-code="${c}"] .badge`)?.textContent ?? ''),
    code,
    { timeout: 30000 },
  );
  assert(sockets > opened, 'the page opened a new socket');
});

// --- printing -----------------------------------------------------------------------
await check('print preview: cards per page, QR with the login URL, PDF pages', async () => {
  await main.goto(`${BASE}/batches`);
  await main.click('a[data-testid^=print-]');
  await main.waitForURL(/\/print\//);
  await main.waitForFunction(() => document.querySelectorAll('.vcard').length === 1000, null, { timeout: 180000 });
  await main.selectOption('select[name=paper]', 'a4');
  await main.selectOption('select[name=columns]', '4');
  const sheets = await main.$$eval('.sheet', (s) => s.map((x) => x.querySelectorAll('.vcard').length));
  assert(sheets.length === Math.ceil(1000 / 24), `sheets: ${sheets.length}`);
  assert(sheets.slice(0, -1).every((n) => n === 24), `per page: ${sheets}`);
  await shot(main, 'print-a4-desktop');

  // The first card's QR, decoded from pixels.
  const card = await main.$('.vcard');
  const code = (await card.$eval('.code', (e) => e.textContent)).trim();
  const png = PNG.sync.read(await (await card.$('.qr')).screenshot({ scale: 'device' }));
  const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert(qr, 'no QR code found in the first card');
  assert(qr.data === `http://10.5.50.1/login?username=${code}&password=${code}`, `QR says ${qr.data}`);

  // Compact: at least 120 a page.
  await main.check('input[name=compact]');
  await main.selectOption('select[name=columns]', '10');
  const compact = await main.$$eval('.sheet', (s) => s.map((x) => x.querySelectorAll('.vcard').length));
  assert(compact[0] >= 120, `compact page holds ${compact[0]}`);
  assert(compact.length === Math.ceil(1000 / compact[0]), `compact sheets ${compact.length}`);
  await shot(main, 'print-compact-desktop');

  // "Save as PDF": the print path, one PDF page per sheet.
  const pdf = await main.pdf({ preferCSSPageSize: true, printBackground: true });
  writeFileSync(join(ART, 'vouchers-compact.pdf'), pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert(pages === compact.length, `PDF has ${pages} pages for ${compact.length} sheets`);

  // A 58 mm roll: one card per printed page.
  await main.selectOption('select[name=paper]', 'thermal58');
  const roll = await main.pdf({ preferCSSPageSize: true, pageRanges: '1-3' });
  const rollPages = (roll.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert(rollPages === 3, `roll PDF pages ${rollPages}`);
  await main.selectOption('select[name=paper]', 'a4');
  await main.uncheck('input[name=compact]');
});

// --- roles --------------------------------------------------------------------------
await check('an operator sees no admin pages', async () => {
  const op = await newPage(PHONE);
  await login(op, 'budi', 'budi-password-1');
  await op.click('button[aria-controls=menu]');
  const menu = await op.textContent('#menu');
  for (const hidden of ['Admin', 'Log audit', 'Plugin', 'Laporan']) assert(!menu.includes(hidden), `operator menu shows ${hidden}: ${menu}`);
  assert(menu.includes('Voucher'), `operator menu: ${menu}`);
  await op.goto(`${BASE}/admins`);
  const text = await op.textContent('main');
  assert(text.includes('Peran Anda tidak boleh'), `admins page for an operator: ${text}`);
  await shot(op, 'operator-forbidden-phone');
  await op.context().close();
});

// --- languages and phone widths ----------------------------------------------------
const pages = ['/', '/locations', `/locations/${locationId}`, '/profiles', '/vouchers', '/vouchers/generate', '/batches', '/customers', '/subscriptions', '/invoices', '/payments', '/reports', '/whatsapp', '/settings/plugins', '/jobs', '/events', '/admins'];

await check('switching to English changes every visible string; no untranslated key', async () => {
  await main.goto(`${BASE}/`);
  const idMenu = await main.textContent('#menu');
  await main.click('button:has-text("EN")');
  const enMenu = await main.textContent('#menu');
  assert(idMenu !== enMenu && enMenu.includes('Overview') && enMenu.includes('Customers'), `menu: ${enMenu}`);
  const idWords = new Set(idMenu.split(/\s+/));
  const stayed = enMenu.split(/\s+/).filter((w) => w && idWords.has(w) && !['Voucher', 'Vouchers', 'WhatsApp', 'Admins', 'Admin', 'Menu'].includes(w));
  // Menu words may coincide (names); the labels as a whole must not.
  assert(stayed.length < 4, `menu words unchanged: ${stayed}`);
  for (const lang of ['en', 'id']) {
    if (lang === 'id') await main.click('button:has-text("ID")');
    for (const p of pages) {
      await main.goto(`${BASE}${p}`);
      await main.waitForLoadState('networkidle');
      const keys = await untranslated(main);
      assert(keys.length === 0, `${lang} ${p}: untranslated ${keys}`);
    }
  }
  await main.click('button:has-text("EN")');
  await main.goto(`${BASE}/vouchers`);
  await main.waitForSelector('[data-testid=voucher-table]');
  const head = await main.textContent('[data-testid=voucher-table] thead');
  assert(head.includes('Code') && head.includes('Status'), `English table head: ${head}`);
  await shot(main, 'vouchers-english-desktop');
  await main.click('button:has-text("ID")');
});

await check('every page fits a 360 px phone (no horizontal scroll) and has no console error', async () => {
  for (const p of pages) {
    await watcher.goto(`${BASE}${p}`);
    await watcher.waitForLoadState('networkidle');
    await noSideScroll(watcher, p);
    const name = p === '/' ? 'overview' : p.slice(1).replaceAll('/', '-').replace(locationId, 'detail');
    await shot(watcher, `${name}-phone`);
  }
  const errors = watcher.problems.filter((m) => !/WebSocket|net::ERR_ABORTED/.test(m));
  assert(errors.length === 0, `console errors: ${errors.join('\n')}`);
});

await check('logout, and an expired session goes back to login with a message', async () => {
  await watcher.click('button:has-text("Keluar")');
  await watcher.waitForSelector('[data-testid=login-message]');
  // A token the server no longer accepts (revoked by the logout above): reuse it.
  await login(watcher, 'siti', 'siti-password-1');
  const stale = await watcher.evaluate(() => localStorage.getItem('tagih.session'));
  await watcher.click('button:has-text("Keluar")');
  // The logout has reached the server once the login page shows its message.
  await watcher.waitForSelector('[data-testid=login-message]');
  await watcher.evaluate((s) => localStorage.setItem('tagih.session', s), stale);
  await watcher.goto(`${BASE}/vouchers`);
  const msg = await watcher.waitForSelector('[data-testid=login-message]', { timeout: 15000 });
  const text = await msg.textContent();
  assert(text.includes('berakhir'), `message: ${text}`);
});

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
