// A bench-only Worker (bundled by bench/enroll-cpu.ts, run in workerd by miniflare): the enrollment Worker's own
// steps of `/enroll` on the real runtime (its V8, BoringSSL WebCrypto, native Request and Response), without the
// Durable Objects and without the network. GlobalSign's answers were recorded from the simulator beforehand and are
// given once (`POST /answers`); `POST /steps` then runs, per request, what `/enroll` runs in the Worker: the JSON
// body read, invitation check, CSR parse, signature check and lint, the EPKI order built, "sent" (answered from the
// recording) and parsed, the issuing chain as an isolate remembers it, and the JSON answer. `POST /noop` reads the
// same body and answers, for the runtime's own share (loopback HTTP) to be subtracted.
import { checkCsr } from '../workers/enroll/src/csr-policy.ts';
import { verifyInvitation } from '../workers/enroll/src/invitation.ts';
import { orderForInvitation } from '../workers/enroll/src/issue.ts';

interface Env {
  readonly INVITE_SECRET: string;
  readonly GS_USERNAME: string;
  readonly GS_PASSWORD: string;
}

/** Recorded SOAP answers by operation name (the first element in the request's Body). */
let answers: Record<string, string> = {};

const replay: typeof fetch = async (_input, init) => {
  const body = typeof init?.body === 'string' ? init.body : '';
  const op = /<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(body)?.[1] ?? '';
  const answer = answers[op];
  if (answer === undefined) return new Response(`no recorded answer for ${op}`, { status: 500 });
  return new Response(answer, { headers: { 'content-type': 'text/xml; charset=utf-8' } });
};

async function steps(request: Request, env: Env): Promise<Response> {
  const body = (await request.json()) as { invitation: string; csr: string };
  const inv = await verifyInvitation(body.invitation, env.INVITE_SECRET);
  const csr = await checkCsr(body.csr, inv);
  const issued = await orderForInvitation(inv, csr.pem, {
    username: env.GS_USERNAME,
    password: env.GS_PASSWORD,
    endpoint: 'http://simulator',
    fetch: replay,
  });
  return Response.json({ email: inv.email, ...issued }, { status: 201 });
}

const worker: { fetch(request: Request, env: Env): Promise<Response> } = {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === '/answers') {
      answers = (await request.json()) as Record<string, string>;
      return new Response('ok');
    }
    if (path === '/noop') {
      await request.arrayBuffer();
      return new Response('ok', { status: 201 });
    }
    return steps(request, env);
  },
};
export default worker;
