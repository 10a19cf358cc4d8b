/**
 * DOM helpers of the enrollment page: elements by id, the progress steps, the error box and the certificate
 * details. Text only (`textContent`), never HTML from data.
 *
 * @module
 */
import type { Certificate } from '../../src/crypto/index.ts';
import type { Step } from './enroll.ts';

/**
 * The element with this id, typed; throws when the page lacks it.
 *
 * @example
 * ```ts
 * const form = byId<HTMLFormElement>('key-form');
 * ```
 */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

const STEP_ORDER: readonly Step[] = ['key', 'csr', 'submit', 'issue'];
const STATE_TEXT = { waiting: 'waiting', active: 'in progress…', done: 'done', failed: 'failed' } as const;

/**
 * Marks `step` active, the steps before it done and the ones after waiting; `failed` marks it failed instead.
 *
 * @example
 * ```ts
 * setStep('csr'); setStep('csr', 'failed');
 * ```
 */
export function setStep(step: Step | 'all-done', outcome: 'active' | 'failed' = 'active'): void {
  const at = step === 'all-done' ? STEP_ORDER.length : STEP_ORDER.indexOf(step);
  for (const li of byId('steps').querySelectorAll<HTMLLIElement>('li')) {
    const i = STEP_ORDER.indexOf(li.dataset.step as Step);
    const state = i < at ? 'done' : i > at ? 'waiting' : outcome;
    li.dataset.state = state;
    const label = li.querySelector('.state');
    if (label) label.textContent = STATE_TEXT[state];
    if (state === 'active') li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
  }
}

/**
 * Shows an error in the alert box (announced by screen readers) and moves focus to it.
 *
 * @example
 * ```ts
 * showError('This invitation has expired.', 'Invitation expired');
 * ```
 */
export function showError(message: string, title = 'Something went wrong'): void {
  byId('error-title').textContent = title;
  byId('error-text').textContent = message;
  const box = byId('error');
  box.hidden = false;
  box.focus();
}

/**
 * Hides the error box.
 *
 * @example
 * ```ts
 * clearError();
 * ```
 */
export function clearError(): void {
  byId('error').hidden = true;
}

/**
 * Sets an email address (or a list of them) as text with line-break opportunities (`<wbr>`) before `@` and `.`
 * and after `-`, `_` and `+`, so a long address wraps where people expect, not inside a word.
 *
 * @example
 * ```ts
 * setBreakableText(byId('who-email'), 'firstname.lastname@department.example.com');
 * ```
 */
export function setBreakableText(el: HTMLElement, text: string): void {
  el.replaceChildren();
  let part = '';
  const flush = (): void => {
    if (!part) return;
    if (el.childNodes.length > 0) el.append(document.createElement('wbr'));
    el.append(part);
    part = '';
  };
  for (const ch of text) {
    if (ch === '@' || ch === '.') flush();
    part += ch;
    if (ch === '-' || ch === '_' || ch === '+') flush();
  }
  flush();
}

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

/**
 * Fills the certificate details list.
 *
 * @example
 * ```ts
 * await showCertificate(cert, chain);
 * ```
 */
export async function showCertificate(cert: Certificate, chain: readonly Certificate[]): Promise<void> {
  const key = cert.publicKey;
  const rows: [string, string][] = [
    ['Name', cert.subject.CN ?? ''],
    [
      'Email',
      cert.sans
        .filter((s) => s.type === 'email')
        .map((s) => s.value)
        .join(', '),
    ],
    ['Issued by', cert.issuer.CN ?? cert.issuerString],
    ['Valid from', cert.notBefore.toLocaleString()],
    ['Valid until', cert.notAfter.toLocaleString()],
    ['Usage', cert.extendedKeyUsage.join(', ') || '(not restricted)'],
    ['Key', key.type === 'RSA' ? `RSA ${key.bits}-bit` : key.type],
    ['Serial number', cert.serialNumber],
    ['SHA-256 fingerprint', hex(await crypto.subtle.digest('SHA-256', cert.der as Uint8Array<ArrayBuffer>))],
    ['Chain', chain.map((c) => c.subject.CN ?? c.subjectString).join(' → ') || '(none returned)'],
  ];
  const dl = byId('cert-details');
  dl.replaceChildren();
  for (const [k, v] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    if (k === 'Email') setBreakableText(dd, v);
    else dd.textContent = v;
    dd.dataset.field = k.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    dl.append(dt, dd);
  }
}
