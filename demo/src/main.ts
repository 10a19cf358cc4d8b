/**
 * Entry point of the enrollment page: reads the invitation from the fragment, asks the enrollment Worker whether it
 * is still usable before any key is made, runs the enrollment on demand, shows the certificate and offers the .p12
 * download.
 *
 * @module
 */
import { productName } from '../../workers/shared/enroll-contract.ts';
import { offerDownload } from './download.ts';
import { checkInvitation, enroll, type Step } from './enroll.ts';
import { type InvitationView, readInvitation } from './invitation.ts';
import { EnrollFailure, failureOfState, isFinal, TITLES } from './messages.ts';
import { byId, clearError, setBreakableText, setStep, showCertificate, showError } from './ui.ts';

function endpoint(): string {
  const v = document.querySelector<HTMLMetaElement>('meta[name="enroll-endpoint"]')?.content ?? '';
  return v.startsWith('%') ? '' : v;
}

function failureFrom(e: unknown, fallback: string): EnrollFailure {
  return e instanceof EnrollFailure ? e : new EnrollFailure('local', fallback);
}

function start(): void {
  const inv = readInvitation(location.hash);
  // Keep the token out of the address bar and history from now on; it stays in memory only.
  history.replaceState(null, '', location.pathname + location.search);
  if (typeof inv === 'string') {
    showError(inv, 'Invitation link needed');
    return;
  }
  if (!endpoint()) {
    showError('The page does not know where the enrollment service is.', 'Page not configured');
    return;
  }
  byId('who-name').textContent = inv.name;
  setBreakableText(byId('who-email'), inv.email);
  byId('who-product').textContent = `${productName(inv.product)}, ${inv.years} year${inv.years === 1 ? '' : 's'}`;
  byId('who-expires').textContent = inv.expires.toLocaleString();
  byId('who').hidden = false;
  byId<HTMLFormElement>('key-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void run(inv);
  });
  void check(inv);
}

/**
 * Asks for the invitation's state first: a spent, expired or forged invitation is reported before any key is made
 * and the key form stays hidden. When the check itself fails (network, rate limit), the form is offered anyway:
 * the enrollment checks the invitation again.
 */
async function check(inv: InvitationView): Promise<void> {
  const checking = byId('checking');
  checking.hidden = false;
  try {
    const state = await checkInvitation(endpoint(), inv.token);
    if (state !== 'valid') {
      const f = failureOfState(state);
      showError(f.message, TITLES[f.kind]);
      return;
    }
    byId('key-form').hidden = false;
  } catch (e) {
    const f = failureFrom(e, 'The invitation could not be checked.');
    showError(f.message, TITLES[f.kind]);
    byId('key-form').hidden = isFinal(f.kind);
  } finally {
    checking.hidden = true;
  }
}

async function run(inv: InvitationView): Promise<void> {
  const button = byId<HTMLButtonElement>('start');
  const algorithm = byId<HTMLInputElement>('key-3072').checked ? 'RSA-3072' : 'RSA-2048';
  button.disabled = true;
  clearError();
  byId('progress').hidden = false;
  let current: Step = 'key';
  const status = byId('status');
  const started = performance.now();
  try {
    const done = await enroll({
      endpoint: endpoint(),
      invitation: inv,
      algorithm,
      onStep: (s) => {
        current = s;
        setStep(s);
        status.textContent = `${byId('steps').querySelector(`[data-step="${s}"] .label`)?.textContent ?? s}…`;
      },
    });
    setStep('all-done');
    status.textContent = `Certificate issued in ${((performance.now() - started) / 1000).toFixed(1)} s.`;
    byId('key-form').hidden = true;
    await showCertificate(done.certificate, done.chain);
    byId('cert').hidden = false;
    offerDownload(done, inv.email);
  } catch (e) {
    setStep(current, 'failed');
    status.textContent = 'Stopped.';
    const f = failureFrom(e, 'An unexpected error stopped the enrollment.');
    showError(f.message, TITLES[f.kind]);
    button.disabled = isFinal(f.kind);
  }
}

start();
