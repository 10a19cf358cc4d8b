// Test helper: the enrollment path in one process, over real HTTP on 127.0.0.1: the simulator (node listener), the
// enrollment Worker's own fetch handler (its Durable Object ledger on memory storage), and the page's own enroll()
// and downloadPkcs12() with a minimal `document` that captures the download.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveObjectURL } from 'node:buffer';
import { vi } from 'vitest';
import { enroll, type Enrolled } from '../../../demo/src/enroll.ts';
import { readInvitation } from '../../../demo/src/invitation.ts';
import { downloadPkcs12, p12FileName } from '../../../demo/src/p12.ts';
import { createSimulator, type Simulator } from '../../../src/simulator/index.ts';
import { serveSimulator } from '../../../src/simulator/node.ts';
import worker from '../../../workers/enroll/src/index.ts';
import { EnrollLedger, type LedgerStorage } from '../../../workers/enroll/src/ledger.ts';

/** The running path. */
export interface Stack {
  readonly sim: Simulator;
  readonly simUrl: string;
  readonly enrollUrl: string;
  /** Bodies of the POST /enroll requests the Worker received (the page's CSRs are in them). */
  readonly enrollBodies: string[];
  stop(): Promise<void>;
}

function memoryStorage(): LedgerStorage {
  const m = new Map<string, unknown>();
  return {
    get: async <T>(k: string) => structuredClone(m.get(k)) as T | undefined,
    put: async (k: string, v: unknown) => void m.set(k, structuredClone(v)),
    delete: async (k: string) => m.delete(k),
  };
}

function ledgerNamespace() {
  const objects = new Map<string, EnrollLedger>();
  return {
    idFromName: (name: string): unknown => name,
    get(id: unknown) {
      const name = String(id);
      if (!objects.has(name)) objects.set(name, new EnrollLedger({ storage: memoryStorage() }));
      const ledger = objects.get(name)!;
      return { fetch: (input: string, init?: RequestInit) => ledger.fetch(new Request(input, init)) };
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function listen(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    });
  return { url, close };
}

/**
 * Starts the simulator and the enrollment Worker (admin secret {@link ADMIN}).
 *
 * @example
 * ```ts
 * const stack = await startStack(); // ... await stack.stop();
 * ```
 */
export async function startStack(): Promise<Stack> {
  const sim = await createSimulator();
  const simServer = await serveSimulator(sim);
  const rsa = sim.ca.rsa;
  const env = {
    GS_USERNAME: sim.defaults.username,
    GS_PASSWORD: sim.defaults.password,
    GS_ENDPOINT: simServer.url,
    INVITE_SECRET: randomBytes(32).toString('base64url'),
    ADMIN_SECRET: ADMIN,
    CA_CHAIN_PEM: rsa.intermediate.certificate.pem + rsa.root.certificate.pem,
    LEDGER: ledgerNamespace(),
  };
  const enrollBodies: string[] = [];
  const workerServer = await listen(async (req, res) => {
    const body = await readBody(req);
    if (req.url === '/enroll') enrollBodies.push(body.toString('utf8'));
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method ?? 'GET',
      headers,
      ...(hasBody ? { body: new Uint8Array(body) } : {}),
    });
    const response = await worker.fetch(request, env);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return {
    sim,
    simUrl: simServer.url,
    enrollUrl: workerServer.url,
    enrollBodies,
    stop: async () => {
      await workerServer.close();
      await simServer.close();
    },
  };
}

/** The enrollment Worker's admin secret in these tests. */
export const ADMIN = 'interop-admin-secret-0123456789abcdef';

/** What the page ends with: the enrollment and the downloaded .p12. */
export interface PageResult {
  readonly enrolled: Enrolled;
  readonly p12: Uint8Array;
  readonly fileName: string;
  readonly email: string;
}

/**
 * An administrator mints an invitation through the Worker's admin endpoint; the page's enroll() makes the key and
 * CSR and calls the Worker; the page's downloadPkcs12() builds the file, captured from the download link.
 *
 * @example
 * ```ts
 * const r = await enrollAsPage(stack, { email: 'alice@example.com', name: 'Alice', password: 'pw', legacy: false });
 * ```
 */
export async function enrollAsPage(
  stack: Stack,
  o: { email: string; name: string; password: string; legacy: boolean },
): Promise<PageResult> {
  const minted = await fetch(`${stack.enrollUrl}/admin/invitations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email: o.email, name: o.name, profile: stack.sim.defaults.epkiProfileId }),
  });
  if (minted.status !== 201) throw new Error(`invitation: HTTP ${minted.status} ${await minted.text()}`);
  const invitation = readInvitation(`#${((await minted.json()) as { token: string }).token}`);
  if (typeof invitation === 'string') throw new Error(invitation);
  const enrolled = await enroll({ endpoint: stack.enrollUrl, invitation, algorithm: 'RSA-2048', onStep: () => {} });
  const download = await captureDownload(p12FileName(invitation.email, o.legacy), () =>
    downloadPkcs12({
      privateKey: enrolled.keys.privateKey,
      certificate: enrolled.certificate,
      chain: enrolled.chain,
      password: o.password,
      legacy: o.legacy,
      email: invitation.email,
    }),
  );
  return { enrolled, email: invitation.email, ...download };
}

/** Downloads the page started (link clicks), in order; a minimal `document` records them. */
const clicked: { href: string; download: string }[] = [];

function stubDocument(): void {
  if ('document' in globalThis) return;
  const createElement = () => {
    const link = { href: '', download: '', hidden: false, click: () => clicked.push({ ...link }), remove: () => {} };
    return link;
  };
  vi.stubGlobal('document', { createElement, body: { append: () => {} } });
}

/** Runs `start` with the minimal `document`; returns the bytes of the blob its download link named `fileName`. */
async function captureDownload(
  fileName: string,
  start: () => Promise<number>,
): Promise<{ p12: Uint8Array; fileName: string }> {
  stubDocument();
  const size = await start();
  const link = clicked.find((c) => c.download === fileName);
  if (!link) throw new Error(`the page started no download of ${fileName}`);
  const blob = resolveObjectURL(link.href);
  if (!blob) throw new Error('the download link points to no blob');
  const p12 = new Uint8Array(await blob.arrayBuffer());
  if (p12.byteLength !== size) throw new Error('the page reported another size than it downloaded');
  return { p12, fileName };
}
