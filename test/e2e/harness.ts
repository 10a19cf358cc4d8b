/**
 * End-to-end harness: starts `scripts/dev.mjs --json` (both Workers under miniflare and the page server), launches
 * Debian's Chromium through playwright-core, and talks to the simulator's admin endpoint.
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** What `dev.mjs --json` printed, plus the secrets it was started with. */
export interface Dev {
  readonly page: string;
  readonly enroll: string;
  readonly simulator: string;
  readonly profile: string;
  readonly inviteSecret: string;
  readonly adminSecret: string;
  readonly simAdminSecret: string;
  /** The audit lines the Workers wrote so far (for failure messages). */
  auditLines(): string[];
  stop(): Promise<void>;
}

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = 'artifacts/e2e';

/**
 * Starts the local stack with fresh secrets and the given extra environment.
 *
 * @example
 * ```ts
 * const dev = await startDev({ RATE_LIMIT_IP: '8' });
 * ```
 */
export async function startDev(env: Record<string, string>): Promise<Dev> {
  const secrets = {
    INVITE_SECRET: randomBytes(32).toString('base64url'),
    ADMIN_SECRET: randomBytes(32).toString('base64url'),
    SIM_ADMIN_SECRET: randomBytes(32).toString('base64url'),
  };
  const child = spawn(process.execPath, ['scripts/dev.mjs', '--json'], {
    env: { ...process.env, ...env, ...secrets },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const line = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`dev.mjs did not start in 60 s:\n${out}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^DEV (.+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.once('exit', (code) => fail(new Error(`dev.mjs exited with ${code}:\n${out}`)));
  });
  const info = JSON.parse(line) as { page: string; enroll: string; simulator: string; profile: string };
  return {
    ...info,
    inviteSecret: secrets.INVITE_SECRET,
    adminSecret: secrets.ADMIN_SECRET,
    simAdminSecret: secrets.SIM_ADMIN_SECRET,
    auditLines: () => out.split('\n').filter((l) => l.includes('"audit":')),
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      ok();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Chromium with a fresh profile in a temp dir, quiet on a closed network, downloads accepted.
 *
 * @example
 * ```ts
 * const { context, close } = await launchChromium();
 * ```
 */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'gsk-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
    viewport: { width: 900, height: 1100 },
    timeout: 30_000,
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Number of orders the simulator holds (from its admin endpoint).
 *
 * @example
 * ```ts
 * const before = await orderCount(dev);
 * ```
 */
export async function orderCount(dev: Dev): Promise<number> {
  const res = await fetch(`${dev.simulator}/__admin/orders`, {
    headers: { authorization: `Bearer ${dev.simAdminSecret}` },
  });
  if (!res.ok) throw new Error(`simulator admin: HTTP ${res.status}`);
  const body = (await res.json()) as { count: number };
  return body.count;
}

/**
 * Mints an invitation through the enroll Worker's admin endpoint.
 *
 * @example
 * ```ts
 * const { token, url } = await invite(dev, 'bob@example.com', 'Bob Example');
 * ```
 */
export async function invite(dev: Dev, email: string, name: string): Promise<{ token: string; url: string }> {
  const res = await fetch(`${dev.enroll}/admin/invitations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${dev.adminSecret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email, name, profile: dev.profile }),
  });
  if (res.status !== 201) throw new Error(`admin/invitations: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; url: string };
}
