#!/usr/bin/env node
// `npm start`: builds and starts, on 127.0.0.1, the simulator Worker, the enroll Worker and the ACME gateway Worker
// (miniflare/workerd) and a static server for the enrollment page; mints an invitation and prints the link to open;
// creates a demo ACME tenant (pre-authorized for the simulator's vetted MSSL domain) and prints its directory, EAB
// credentials and a certbot command line. Runs until Ctrl-C.
//   --smoke            start, check that each piece answers, print, exit 0 (or 1)
//   --json             print one line `DEV {json}` with the URLs (for tests), then keep running
//   --email, --name    who the printed invitation is for (default alice@<simulator email domain>, "Alice Example")
// Secrets (INVITE_SECRET, ADMIN_SECRET, SIM_ADMIN_SECRET, ACME_ADMIN_SECRET) come from the environment or are generated for this
// run; they are never printed. RATE_LIMIT_IP, RATE_LIMIT_INVITATION, RATE_WINDOW_SECONDS, MAX_BODY_BYTES and
// PAGE_PORT pass through.
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { Log, LogLevel, Miniflare } from 'miniflare';
import { buildAll, miniflareOptions } from './build-workers.mjs';
import { buildAcme } from '../workers/acme/build.mjs';
import { startPageServer } from '../demo/serve.mjs';

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean' },
    json: { type: 'boolean' },
    email: { type: 'string' },
    name: { type: 'string' },
  },
});
const HOST = '127.0.0.1';
const secret = (name) => process.env[name] || randomBytes(32).toString('base64url');
const INVITE_SECRET = secret('INVITE_SECRET');
const ADMIN_SECRET = secret('ADMIN_SECRET');
const SIM_ADMIN_SECRET = secret('SIM_ADMIN_SECRET');
const ACME_ADMIN_SECRET = secret('ACME_ADMIN_SECRET');
const quiet = args.smoke || args.json;
const log = (...a) => (quiet ? undefined : console.log(...a));

const started = [];
async function stopAll() {
  for (const s of started.reverse()) await s.close().catch(() => {});
}

async function startWorker(name, scriptPath, options) {
  const mf = new Miniflare({
    ...miniflareOptions(name, scriptPath),
    name,
    modulesRoot: dirname(scriptPath),
    log: new Log(args.smoke ? LogLevel.WARN : LogLevel.INFO),
    ...options,
  });
  started.push({ close: () => mf.dispose() });
  const url = (await mf.ready).href.replace(/\/$/, '');
  return url;
}

async function adminJson(url, token, init = {}) {
  const res = await fetch(url, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

// The simulator Worker, unless GS_ENDPOINT (with GS_USERNAME, GS_PASSWORD, GS_PROFILE_ID) names another service,
// e.g. GlobalSign's test system: then the enroll Worker talks to that one.
async function backend(built) {
  if (process.env.GS_ENDPOINT) {
    const { GS_USERNAME: username, GS_PASSWORD: password, GS_PROFILE_ID: epkiProfileId } = process.env;
    if (!username || !password || !epkiProfileId)
      throw new Error('GS_ENDPOINT needs GS_USERNAME, GS_PASSWORD, GS_PROFILE_ID');
    return { simulator: undefined, defaults: { username, password, epkiProfileId }, ca: { chainPem: '' } };
  }
  const simulator = await startWorker('simulator', built.simulator, {
    bindings: { SIM_ADMIN_SECRET },
  });
  const defaults = await adminJson(`${simulator}/__admin/defaults`, SIM_ADMIN_SECRET);
  const ca = await adminJson(`${simulator}/__admin/ca`, SIM_ADMIN_SECRET).catch(() => ({ chainPem: '' }));
  return { simulator, defaults, ca };
}

async function main() {
  const t0 = Date.now();
  const [built, acmeScript] = await Promise.all([buildAll({ simulator: !process.env.GS_ENDPOINT }), buildAcme()]);
  log(`built the Workers and the page (app.js ${built.page.jsBytes} B, ${built.page.jsGzipBytes} B gzip)`);
  const page = await startPageServer({ dir: built.page.dir, host: HOST, port: Number(process.env.PAGE_PORT ?? 0) });
  started.push(page);

  const { simulator, defaults, ca } = await backend(built);

  const passthrough = {};
  for (const k of ['RATE_LIMIT_IP', 'RATE_LIMIT_INVITATION', 'RATE_WINDOW_SECONDS', 'MAX_BODY_BYTES']) {
    if (process.env[k]) passthrough[k] = process.env[k];
  }
  const enroll = await startWorker('enroll', built.enroll, {
    bindings: {
      GS_USERNAME: defaults.username,
      GS_PASSWORD: defaults.password,
      GS_ENDPOINT: simulator ?? process.env.GS_ENDPOINT,
      INVITE_SECRET,
      ADMIN_SECRET,
      ALLOWED_ORIGINS: page.origin,
      ENROLL_PAGE_URL: `${page.origin}/`,
      ...(ca.chainPem ? { CA_CHAIN_PEM: ca.chainPem } : {}),
      ...passthrough,
    },
  });
  page.setEndpoint(enroll);

  const email = args.email ?? `alice@${defaults.emailDomain ?? 'example.com'}`;
  const invite = await adminJson(`${enroll}/admin/invitations`, ADMIN_SECRET, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, name: args.name ?? 'Alice Example', profile: defaults.epkiProfileId }),
  });
  const acme = await startAcme(acmeScript, simulator, defaults);
  const info = {
    page: page.origin,
    enroll,
    simulator,
    invitationUrl: invite.url,
    email,
    acme,
    startMs: Date.now() - t0,
  };
  if (args.smoke) return smoke(info);
  if (args.json) console.log(`DEV ${JSON.stringify({ ...info, profile: defaults.epkiProfileId })}`);
  if (simulator) log(`\nsimulator Worker  ${simulator}  (GlobalSign SOAP services; state in Durable Objects)`);
  else log(`\nGlobalSign endpoint ${process.env.GS_ENDPOINT}`);
  log(`enroll Worker     ${enroll}  (POST /enroll, POST /admin/invitations)`);
  log(`enrollment page   ${page.origin}/`);
  log(`\nOpen this link to enroll ${email} (the invitation is in the #fragment, single use):\n\n  ${invite.url}\n`);
  if (acme) {
    log(`ACME gateway      ${acme.url}  (RFC 8555; demo tenant pre-authorized for ${acme.domain})\n`);
    log(`ACME directory: ${acme.directory}`);
    log(`EAB key id: ${acme.eabKid}`);
    log(`EAB HMAC key: ${acme.eabHmacKey}`);
    log(acme.certbot);
    log('');
  }
  log('Ctrl-C to stop.');
}

// The ACME gateway on the simulator Worker, and a demo tenant pre-authorized for the simulator's vetted MSSL domain
// (skipped against another GlobalSign endpoint: its profile and domain ids are not known here).
async function startAcme(script, simulator, defaults) {
  if (!simulator || !defaults.msslProfileId) return undefined;
  const url = await startWorker('acme', script, {
    bindings: {
      GS_USERNAME: defaults.username,
      GS_PASSWORD: defaults.password,
      GS_ENDPOINT: simulator,
      ADMIN_SECRET: ACME_ADMIN_SECRET,
      POLL_INITIAL_MS: '500',
    },
  });
  const domain = String(defaults.domain);
  const t = await adminJson(`${url}/admin/tenants`, ACME_ADMIN_SECRET, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      profileId: defaults.msslProfileId,
      domainIds: [defaults.msslDomainId],
      productCode: 'PV_SHA2',
      months: 12,
      challenges: ['pre-authorized'],
      contact: { FirstName: 'Ada', LastName: 'Lovelace', Phone: '+44 20 0000 0000', Email: `ada@${domain}` },
    }),
  });
  const name = `www.${domain}`;
  const certbot = [
    `openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout key.pem -subj /CN=${name}`,
    `-addext subjectAltName=DNS:${name} -outform DER -out csr.der &&`,
    `certbot certonly --server ${t.directory} --eab-kid ${t.eabKid} --eab-hmac-key=${t.eabHmacKey}`,
    '--csr csr.der --standalone --agree-tos -m you@example.com --non-interactive',
    '--config-dir ./certbot --work-dir ./certbot --logs-dir ./certbot',
  ].join(' ');
  return { url, directory: t.directory, eabKid: t.eabKid, eabHmacKey: t.eabHmacKey, domain, name, certbot };
}

async function smoke(info) {
  const checks = [
    ['simulator /health', `${info.simulator}/health`, (r) => r.ok],
    ['enroll /health', `${info.enroll}/health`, (r) => r.ok],
    ['page /', `${info.page}/`, (r) => r.ok && (r.headers.get('content-security-policy') ?? '').includes(info.enroll)],
    ['page /app.js', `${info.page}/app.js`, (r) => r.ok && /javascript/.test(r.headers.get('content-type') ?? '')],
    ['simulator SOAP', `${info.simulator}/cr/ws/GasOrderService`, (r) => r.status >= 400 && r.status < 600],
    ...(info.acme
      ? [
          ['acme /directory', info.acme.directory, (r) => r.ok],
          ['acme new-nonce', `${info.acme.url}/acme/new-nonce`, (r) => r.ok && !!r.headers.get('replay-nonce')],
        ]
      : []),
  ];
  let failed = 0;
  for (const [name, url, ok] of checks.filter(([n]) => info.simulator || !n.startsWith('simulator'))) {
    const init =
      name === 'simulator SOAP' ? { method: 'POST', body: 'not xml', headers: { 'content-type': 'text/xml' } } : {};
    const r = await fetch(url, init).catch(() => null);
    const pass = r !== null && ok(r);
    if (!pass) failed++;
    console.log(`${pass ? 'ok  ' : 'FAIL'} ${name}${r ? ` (HTTP ${r.status})` : ''}`);
  }
  const link = info.invitationUrl?.startsWith(`${info.page}/#ey`);
  if (!link) failed++;
  console.log(`${link ? 'ok  ' : 'FAIL'} invitation minted for ${info.email}`);
  if (info.acme) {
    const issued = await acmeSmoke(info.acme).catch((e) => `${e instanceof Error ? e.message : e}`);
    if (issued !== true) failed++;
    console.log(
      `${issued === true ? 'ok  ' : 'FAIL'} ACME certificate for ${info.acme.name}${issued === true ? '' : `: ${issued}`}`,
    );
  }
  console.log(`SMOKE ${failed === 0 ? 'ok' : 'failed'} in ${info.startMs} ms`);
  process.exitCode = failed === 0 ? 0 : 1;
  await stopAll();
}

// One certificate through the demo tenant with acme-client (a devDependency, loaded only here).
async function acmeSmoke(a) {
  const acme = await import('acme-client');
  const client = new acme.Client({
    directoryUrl: a.directory,
    accountKey: await acme.crypto.createPrivateEcdsaKey('P-256'),
    externalAccountBinding: { kid: a.eabKid, hmacKey: a.eabHmacKey },
    backoffAttempts: 20,
    backoffMin: 200,
    backoffMax: 1000,
  });
  const [, csr] = await acme.crypto.createCsr({ commonName: a.name, altNames: [a.name] });
  const noop = async () => {};
  const pem = await client.auto({ csr, termsOfServiceAgreed: true, challengeCreateFn: noop, challengeRemoveFn: noop });
  const n = (pem.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;
  return n >= 2 || `expected a leaf and its chain, got ${n} certificates`;
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    log('\nstopping…');
    stopAll().finally(() => process.exit(0));
  });
}

main().catch(async (e) => {
  console.error(e instanceof Error ? e.message : e);
  await stopAll();
  process.exit(1);
});
