// End to end in Chromium: enroll with RSA-2048 and RSA-3072 through the page, download the .p12 and open it with
// openssl; no request body may carry private key material; refusals the person sees in the page, the unusable
// invitations before any key is made.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { createCsr, generateKeyPair } from '../../src/crypto/index.ts';
import { INVITATION_AUDIENCE, INVITATION_ISSUER } from '../../workers/enroll/src/invitation.ts';
import { ARTIFACTS, CHROMIUM, type Dev, invite, launchChromium, orderCount, startDev } from './harness.ts';
import { inspectP12, privateKeyLeak } from './p12-check.ts';

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`e2e skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

const PASSWORD = 'violet Lantern 42 harbour';
let dev: Dev;
let browser: { context: BrowserContext; close(): Promise<void> };
const bodies: { url: string; body: Buffer }[] = [];
const statuses: { url: string; method: string; status: number }[] = [];
const perPage = new WeakMap<Page, { path: string; status: number }[]>();

function watch(page: Page): void {
  const mine: { path: string; status: number }[] = [];
  perPage.set(page, mine);
  page.on('request', (r: Request) => {
    const b = r.postDataBuffer();
    if (b) bodies.push({ url: r.url(), body: b });
  });
  page.on('response', (r) => {
    statuses.push({ url: r.url(), method: r.request().method(), status: r.status() });
    if (dev && r.url().startsWith(dev.enroll) && r.request().method() === 'POST') {
      mine.push({ path: new URL(r.url()).pathname, status: r.status() });
    }
  });
}

/** The POSTs this page made to the enroll Worker, in order, with their statuses. */
function enrollPosts(page: Page): { path: string; status: number }[] {
  return perPage.get(page) ?? [];
}

/** Waits for the certificate, failing at once with the page's message when the page shows an error instead. */
async function waitForCertificate(page: Page): Promise<void> {
  const outcome = await Promise.race([
    page
      .locator('#cert')
      .waitFor({ state: 'visible', timeout: 60_000 })
      .then(() => 'ok'),
    page
      .locator('#error')
      .waitFor({ state: 'visible', timeout: 60_000 })
      .then(() => page.locator('#error').textContent()),
  ]);
  expect(outcome, dev.auditLines().slice(-6).join('\n')).toBe('ok');
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

describe.skipIf(!hasChromium)('enrollment page in Chromium', () => {
  beforeAll(async () => {
    [dev, browser] = await Promise.all([startDev({ RATE_LIMIT_IP: '60' }), launchChromium()]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
  });

  for (const [bits, legacy] of [
    [2048, false],
    [3072, true],
  ] as const) {
    it(`enrolls with RSA-${bits}, downloads a ${legacy ? '3DES' : 'AES'} .p12 that openssl opens`, async () => {
      const email = `user${bits}@example.com`;
      const { url } = await invite(dev, email, `User ${bits}`);
      const before = await orderCount(dev);
      const page = await browser.context.newPage();
      watch(page);
      await page.goto(url);
      await expect.poll(() => page.locator('#who-email').textContent()).toBe(email);
      expect(page.url()).not.toContain('#'); // the token left the address bar
      expect(await page.locator('#who-product').textContent()).toBe('PersonalSign, 1 year');
      await page.locator('#key-form').waitFor({ state: 'visible' }); // shown once the invitation checked out
      expect(enrollPosts(page)).toEqual([{ path: '/invitation/status', status: 200 }]);
      await page.getByLabel(`RSA ${bits}-bit`).check();
      await shot(page, `${bits}-1-invitation`);
      await page.getByRole('button', { name: /create my key/i }).click();
      await waitForCertificate(page);
      await shot(page, `${bits}-2-certificate`);
      expect(await page.locator('[data-field="email"]').textContent()).toBe(email);
      expect(await page.locator('[data-field="key"]').textContent()).toBe(`RSA ${bits}-bit`);
      expect(await orderCount(dev)).toBe(before + 1);

      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('pw'); // download step in view
      expect(await page.locator('#p12-form').evaluate((f) => f.getBoundingClientRect().top)).toBeLessThan(1100);
      await page.getByLabel('Password for the .p12 file').fill(PASSWORD);
      await page.getByLabel('Repeat the password').fill(`${PASSWORD}!`);
      await page.getByRole('button', { name: 'Download .p12' }).click();
      await expect.poll(() => page.locator('#pw2-error').textContent()).toMatch(/passwords differ/);
      expect(await page.locator('#error').isHidden()).toBe(true); // next to the fields, not at the top
      expect(await page.locator('#pw2').getAttribute('aria-invalid')).toBe('true');
      await shot(page, `${bits}-3a-password-mismatch`);
      await page.getByLabel('Repeat the password').fill(PASSWORD);
      await expect.poll(() => page.locator('#pw-strength').textContent()).toMatch(/Strength: (Good|Strong)/);
      if (legacy) await page.getByLabel(/Compatibility \(3DES\)/).check();
      await shot(page, `${bits}-3-password`);
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 30_000 }),
        page.getByRole('button', { name: 'Download .p12' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(legacy ? `${email}-compatibility-3des.p12` : `${email}.p12`);
      const file = join(ARTIFACTS, `${bits}.p12`);
      await download.saveAs(file);
      await expect.poll(() => page.locator('#download-status').textContent()).toMatch(/Downloaded/);
      expect(await page.locator('#pw2-error').isHidden()).toBe(true);
      expect(await page.locator('#import-help').isVisible()).toBe(true);
      expect(await page.locator('#import-file').textContent()).toBe(download.suggestedFilename());
      expect(await page.locator('#import-help summary').allTextContents()).toEqual([
        'Outlook (Windows)',
        'Apple Mail (macOS)',
        'Thunderbird',
      ]);
      await shot(page, `${bits}-4-downloaded`);

      const report = inspectP12(readFileSync(file), PASSWORD);
      const [leaf, ...issuers] = report.chain;
      expect(report.keyBits).toBe(bits);
      expect(report.keyMatches).toBe(true);
      expect(leaf?.sans).toEqual([{ type: 'email', value: email }]);
      expect(leaf?.extendedKeyUsage).toContain('emailProtection');
      expect(issuers.length).toBeGreaterThanOrEqual(1);
      expect(leaf?.issuerString).toBe(issuers[0]?.subjectString); // the chain in the file issues the leaf
      expect(report.verify).toMatch(/: OK/);
      expect(report.info).toMatch(legacy ? /pbeWithSHA1And3-KeyTripleDES-CBC/ : /PBES2.*AES-256-CBC/s);

      const posted = bodies.filter((b) => b.url.startsWith(dev.enroll));
      expect(posted.length).toBeGreaterThan(0);
      for (const b of bodies) expect(privateKeyLeak(b.body, report.secrets), b.url).toBeUndefined();
      await page.close();
    }, 90_000);
  }

  it('shows a used invitation as already used before any key is made, and a 409 race as used', async () => {
    const { url } = await invite(dev, 'replay@example.com', 'Replay Example');
    const first = await browser.context.newPage();
    watch(first);
    await first.goto(url);
    await first.getByRole('button', { name: /create my key/i }).click();
    await waitForCertificate(first);
    await first.close();
    const before = await orderCount(dev);
    const again = await browser.context.newPage();
    watch(again);
    await again.goto(url);
    const alert = again.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toMatch(/already been used/);
    expect(await again.evaluate(() => document.activeElement?.id)).toBe('error');
    expect(await again.locator('#key-form').isHidden()).toBe(true); // no key is made for a used invitation
    expect(enrollPosts(again)).toEqual([{ path: '/invitation/status', status: 200 }]);
    await shot(again, 'refusal-replayed');
    expect(await orderCount(dev)).toBe(before);
    await again.close();

    // Used elsewhere between the check and the click: the enrollment itself answers 409.
    const race = await invite(dev, 'race-page@example.com', 'Race Page');
    const late = await browser.context.newPage();
    watch(late);
    await late.goto(race.url);
    await late.locator('#key-form').waitFor({ state: 'visible' });
    const keys = await generateKeyPair('RSA-2048');
    const csr = await createCsr({
      keys,
      subject: { CN: 'Race Page', E: 'race-page@example.com' },
      sans: [{ type: 'email', value: 'race-page@example.com' }],
    });
    const spent = await fetch(`${dev.enroll}/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '192.0.2.77' },
      body: JSON.stringify({ invitation: race.token, csr: csr.pem }),
    });
    expect(spent.status).toBe(201);
    const beforeRace = await orderCount(dev);
    await late.getByRole('button', { name: /create my key/i }).click();
    await expect.poll(() => late.getByRole('alert').textContent(), { timeout: 30_000 }).toMatch(/already been used/);
    const last = statuses.filter((s) => s.url === `${dev.enroll}/enroll` && s.method === 'POST').at(-1);
    expect(last?.status).toBe(409);
    expect(await orderCount(dev)).toBe(beforeRace);
    await late.close();
  }, 90_000);

  it('reports an expired or forged invitation before any key is made', async () => {
    const claims = { email: 'late@example.com', name: 'Late Example', profile: dev.profile, product: 'EPKIPSPersonal' };
    const sign = (secret: string, exp: number | string) =>
      new SignJWT({ ...claims, years: 1 })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(INVITATION_ISSUER)
        .setAudience(INVITATION_AUDIENCE)
        .setExpirationTime(exp)
        .setJti(crypto.randomUUID())
        .sign(new TextEncoder().encode(secret));
    const cases = [
      { token: await sign(dev.inviteSecret, Math.floor(Date.now() / 1000) - 60), text: /has expired/, name: 'expired' },
      { token: await sign('a-forger-secret-that-is-long-enough-0123456789', '1h'), text: /not valid/, name: 'forged' },
    ];
    for (const c of cases) {
      const page = await browser.context.newPage();
      watch(page);
      await page.goto(`${dev.page}/#${c.token}`);
      await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 }).toMatch(c.text);
      expect(await page.locator('#key-form').isHidden()).toBe(true);
      expect(enrollPosts(page)).toEqual([{ path: '/invitation/status', status: 200 }]);
      await shot(page, `refusal-${c.name}-early`);
      await page.close();
    }
  }, 60_000);

  it('wraps a long email address at its dots and @ on a narrow screen', async () => {
    const email = 'firstname.middlename.lastname-department@subdivision.example-enterprise.com';
    const { url } = await invite(dev, email, 'Long Address');
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(url);
    await expect.poll(() => page.locator('#who-email').textContent()).toBe(email);
    await page.locator('#key-form').waitFor({ state: 'visible' });
    const lines = await page.locator('#who-email').evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return [...range.getClientRects()].length;
    });
    expect(lines).toBeGreaterThan(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const breaks = await page
      .locator('#who-email')
      .evaluate((el) =>
        [...el.childNodes].filter((n) => n.nodeName === 'WBR').map((n) => n.nextSibling?.textContent?.[0]),
      );
    expect(new Set(breaks.map((c) => (c === '@' || c === '.' ? c : 'after-dash')))).toEqual(
      new Set(['.', '@', 'after-dash']),
    );
    await shot(page, 'long-email-narrow');
    await page.close();
  }, 60_000);

  it('has a favicon the page server serves', async () => {
    const res = await fetch(`${dev.page}/favicon.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(await res.text()).toMatch(/^<svg /);
  });

  it('refuses the page served from a disallowed origin (403) without placing an order', async () => {
    const { url } = await invite(dev, 'origin@example.com', 'Origin Example');
    const before = await orderCount(dev);
    const page = await browser.context.newPage();
    watch(page);
    await page.goto(url.replace('127.0.0.1', 'localhost'));
    await page.getByRole('button', { name: /create my key/i }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 }).toMatch(/could not be reached/);
    await shot(page, 'refusal-origin');
    const res = await fetch(`${dev.enroll}/enroll`, {
      method: 'OPTIONS',
      headers: { origin: new URL(page.url()).origin, 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(403);
    expect(await orderCount(dev)).toBe(before);
    await page.close();
  }, 60_000);

  it('explains a link without an invitation and keeps the controls reachable by keyboard', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${dev.page}/`);
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/needs an invitation link/);
    await shot(page, 'refusal-no-invitation');
    const { url } = await invite(dev, 'keys@example.com', 'Keyboard Example');
    await page.goto('about:blank');
    await page.goto(url);
    await page.locator('#who-email').waitFor();
    await page.locator('#key-form').waitFor({ state: 'visible' }); // after the invitation check
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('key-2048');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.close();
  });
});
