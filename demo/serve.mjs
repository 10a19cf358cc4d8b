// A static server for the built enrollment page (demo/dist), used by scripts/dev.mjs and the e2e tests.
// It writes the enroll Worker's URL into the page's <meta name="enroll-endpoint"> and sends a strict
// Content-Security-Policy: scripts and styles from this origin only, no inline code, fetch only to the enroll
// Worker, no framing, no forms posting elsewhere. Production hosting (e.g. Cloudflare Pages `_headers`) should
// send the same headers.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The page's security headers for an enroll endpoint origin. */
export function securityHeaders(endpoint) {
  const connect = endpoint ? new URL(endpoint).origin : "'none'";
  return {
    'content-security-policy': [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      `connect-src ${connect}`,
      "img-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
      "require-trusted-types-for 'script'",
    ].join('; '),
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    'cache-control': 'no-store',
  };
}

/** Starts the server; `setEndpoint(url)` tells it where the enroll Worker is. */
export async function startPageServer({ dir, host = '127.0.0.1', port = 0 }) {
  let endpoint = '';
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = normalize(path === '/' ? '/index.html' : path);
    const type = TYPES[extname(file)];
    if (req.method !== 'GET' || !type || file.includes('..')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    try {
      let body = await readFile(join(dir, file));
      if (file === '/index.html') body = Buffer.from(body.toString('utf8').replace('%ENROLL_ENDPOINT%', endpoint));
      res.writeHead(200, { 'content-type': type, ...securityHeaders(endpoint) }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(port, host, ok));
  const addr = server.address();
  return {
    origin: `http://${host}:${addr.port}`,
    port: addr.port,
    setEndpoint(url) {
      endpoint = url;
    },
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
