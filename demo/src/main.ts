/**
 * Entry point of the enrollment page: reads the invitation from the fragment, runs the enrollment on demand,
 * shows the certificate and offers the .p12 download.
 *
 * @module
 */
import { type Enrolled, enroll, type Step } from './enroll.ts';
import { readInvitation, type InvitationView } from './invitation.ts';
import { EnrollFailure, isFinal, TITLES } from './messages.ts';
import { downloadPkcs12 } from './p12.ts';
import { passwordStrength } from './strength.ts';
import { byId, clearError, setStep, showCertificate, showError } from './ui.ts';

function endpoint(): string {
  const v = document.querySelector<HTMLMetaElement>('meta[name="enroll-endpoint"]')?.content ?? '';
  return v.startsWith('%') ? '' : v;
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
  byId('who-email').textContent = inv.email;
  byId('who-product').textContent = `${inv.product}, ${inv.years} year${inv.years === 1 ? '' : 's'}`;
  byId('who-expires').textContent = inv.expires.toLocaleString();
  byId('who').hidden = false;
  byId('key-form').hidden = false;
  byId<HTMLFormElement>('key-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void run(inv);
  });
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
    byId('cert-title').focus();
    offerDownload(done, inv.email);
  } catch (e) {
    setStep(current, 'failed');
    status.textContent = 'Stopped.';
    const f =
      e instanceof EnrollFailure ? e : new EnrollFailure('local', 'An unexpected error stopped the enrollment.');
    showError(f.message, TITLES[f.kind]);
    button.disabled = isFinal(f.kind);
  }
}

function offerDownload(done: Enrolled, email: string): void {
  const form = byId<HTMLFormElement>('p12-form');
  const pw = byId<HTMLInputElement>('pw');
  const pw2 = byId<HTMLInputElement>('pw2');
  form.hidden = false;
  pw.addEventListener('input', () => {
    const s = passwordStrength(pw.value);
    byId<HTMLMeterElement>('pw-meter').value = s.score;
    byId('pw-strength').textContent = pw.value ? `Strength: ${s.label}. ${s.advice}` : '';
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void save(done, email, pw, pw2);
  });
}

async function save(done: Enrolled, email: string, pw: HTMLInputElement, pw2: HTMLInputElement): Promise<void> {
  clearError();
  pw.setAttribute('aria-invalid', String(pw.value.length < 8));
  pw2.setAttribute('aria-invalid', String(pw.value !== pw2.value));
  if (pw.value.length < 8) {
    showError('Choose a password of at least 8 characters.', 'Password too short');
    return;
  }
  if (pw.value !== pw2.value) {
    showError('The two passwords differ. Type the same password twice.', 'Passwords differ');
    return;
  }
  const button = byId<HTMLButtonElement>('download');
  const status = byId('download-status');
  button.disabled = true;
  status.textContent = 'Encrypting your key and certificate…';
  try {
    const legacy = byId<HTMLInputElement>('legacy').checked;
    const size = await downloadPkcs12({
      privateKey: done.keys.privateKey,
      certificate: done.certificate,
      chain: done.chain,
      password: pw.value,
      legacy,
      email,
    });
    status.textContent = `Downloaded ${email}.p12 (${size} bytes${legacy ? ', 3DES compatibility format' : ''}). Import it into your mail program with the password you chose.`;
  } catch {
    showError('The .p12 file could not be created in this browser.', 'Download failed');
  } finally {
    button.disabled = false;
  }
}

start();
