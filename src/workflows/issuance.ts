/**
 * Waiting for issuance, independent of the service: a `probe` reads an order's state once, and
 * {@link waitForIssuance} polls it with backoff until the certificate is there or the order can no longer issue.
 * EPKI's probe is in epki-wait.ts; an MSSL probe (GetOrderByOrderID of the Query service) plugs in the same way.
 *
 * @module
 */
import type { Certificate } from '../crypto/certificate.ts';
import { OrderStateError } from '../errors.ts';
import { type PollOptions, poll } from './poll.ts';

/** What one look at an order found. */
export type ProbeResult<O> =
  /** Not issued yet: keep polling. */
  | { readonly state: 'pending'; readonly status: string; readonly order: O }
  /** Issued: the certificate (X.509 or PKCS#7, PEM or base64) as the service returned it. */
  | { readonly state: 'issued'; readonly status: string; readonly order: O; readonly certificate: string }
  /** Cancelled, revoked, rejected…: the order will never issue. */
  | { readonly state: 'failed'; readonly status: string; readonly order: O };

/** Reads the state of one order. */
export type IssuanceProbe<O> = (orderId: string, signal?: AbortSignal) => Promise<ProbeResult<O>>;

/** Turns a service's certificate field into the leaf and its chain. */
export type CertificateDecoder = (value: string) => {
  readonly certificate: Certificate;
  readonly chain: readonly Certificate[];
};

/** An issued order: the service's order record, the leaf certificate and the rest of its chain (issuer first). */
export interface IssuedOrder<O> {
  readonly orderId: string;
  readonly order: O;
  readonly certificate: Certificate;
  readonly chain: readonly Certificate[];
}

/** Options of {@link waitForIssuance} and the `orderAndWait` workflows: polling options. */
export type WaitOptions = PollOptions;

/**
 * Polls `probe` until the order is issued (resolves with the decoded certificate and chain) or failed (rejects with
 * an `OrderStateError`); `deadlineMs` gives a `DeadlineError`, `signal` the abort reason.
 *
 * @example
 * ```ts
 * const issued = await waitForIssuance(epkiProbe(epki), 'CE123', EpkiClient.decodeCertificate,
 *   { initialMs: 5_000, deadlineMs: 86_400_000, onProgress: (p) => console.error(p.status) });
 * ```
 */
export async function waitForIssuance<O>(
  probe: IssuanceProbe<O>,
  orderId: string,
  decode: CertificateDecoder,
  options: WaitOptions = {},
): Promise<IssuedOrder<O>> {
  return poll(async (_n, signal) => {
    const r = await probe(orderId, signal);
    if (r.state === 'failed') throw new OrderStateError(orderId, r.status);
    if (r.state === 'pending') return { done: false, status: r.status };
    const { certificate, chain } = decode(r.certificate);
    return { done: true, value: { orderId, order: r.order, certificate, chain } };
  }, options);
}
