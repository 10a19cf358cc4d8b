/**
 * Calls between the gateway and its Durable Objects: one `POST /rpc` with `{ op, args }`, answered
 * `{ ok: true, value }` or `{ ok: false, problem }` (an ACME problem document, rebuilt as {@link AcmeProblem}).
 *
 * @module
 */
import { Problem } from '../../shared/index.ts';
import { audit } from './audit.ts';
import type { DoNamespace } from './env.ts';
import { AcmeProblem, type ProblemDocument } from './problems.ts';

/** An operation's answer on the wire. */
type RpcAnswer =
  | { ok: true; value: unknown }
  | { ok: false; problem: ProblemDocument; headers?: Readonly<Record<string, string>> };

/**
 * Calls `op` on the object named `name` of namespace `ns`.
 *
 * @example
 * ```ts
 * const account = await rpc<AccountRecord | null>(env.ACCOUNTS, accountId, 'getAccount', {});
 * ```
 */
export async function rpc<T>(ns: DoNamespace, name: string, op: string, args: unknown): Promise<T> {
  const res = await ns.get(ns.idFromName(name)).fetch('https://do.internal/rpc', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ op, args }),
  });
  const answer = (await res.json()) as RpcAnswer;
  if (!answer.ok) throw AcmeProblem.fromJSON(answer.problem, answer.headers);
  return answer.value as T;
}

/** A handler table of one Durable Object class. */
export type RpcHandlers = Readonly<Record<string, (args: never) => Promise<unknown>>>;

/**
 * Serves `POST /rpc` for a Durable Object: runs the named handler, turns problems into answers.
 *
 * @example
 * ```ts
 * fetch(request) { return serveRpc(request, { getAccount: (a) => this.getAccount(a) }); }
 * ```
 */
export async function serveRpc(request: Request, handlers: RpcHandlers): Promise<Response> {
  const { op, args } = (await request.json()) as { op: string; args: unknown };
  const handler = handlers[op] as ((a: unknown) => Promise<unknown>) | undefined;
  if (!handler) return Response.json({ ok: false, problem: new AcmeProblem('malformed', `no operation ${op}`) });
  try {
    const value = await handler(args);
    return Response.json({ ok: true, value: value ?? null });
  } catch (e) {
    const p =
      e instanceof AcmeProblem ? e : e instanceof Problem ? new AcmeProblem('malformed', e.detail) : internal(e);
    const headers = Object.keys(p.headers).length ? { headers: p.headers } : {};
    return Response.json({ ok: false, problem: p.toJSON(), ...headers });
  }
}

function internal(e: unknown): AcmeProblem {
  audit({ event: 'error', error: e instanceof Error ? e.name : 'unknown' });
  return new AcmeProblem('serverInternal', 'The gateway failed; try again later.');
}
