// The page ↔ enroll Worker contract: every refusal the Worker can send is read back by the page as the same kind,
// with a message of its own; answers of the wrong shape are refused, not cast.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { failureOf, failureOfState } from '../../demo/src/messages.ts';
import {
  ENROLL_PROBLEM_BASE,
  ENROLL_PROBLEMS,
  type EnrollProblemKind,
  productName,
  readEnrollProblem,
  readEnrollResponse,
  readInvitationStatus,
} from '../../workers/shared/enroll-contract.ts';
import { Problem } from '../../workers/shared/index.ts';

const KINDS = Object.keys(ENROLL_PROBLEMS.catalog) as EnrollProblemKind[];

describe('enroll contract', () => {
  it('every kind the Worker sends comes back to the page as that kind, with a message naming no other', async () => {
    const types = new Set(KINDS.map((k) => ENROLL_PROBLEMS.typeOf(k)));
    expect(types.size).toBe(KINDS.length);
    for (const kind of KINDS) {
      const res = ENROLL_PROBLEMS.response(new Problem(kind, 'some detail'));
      const body: unknown = await res.json();
      expect(ENROLL_PROBLEMS.typeOf(kind)).toBe(ENROLL_PROBLEM_BASE + kind);
      expect(readEnrollProblem(body).kind).toBe(kind);
      const f = failureOf(res.status, body);
      expect(f.kind).toBe(kind);
      expect(f.message).not.toMatch(/HTTP \d+/); // a message of its own, not the generic fallback
    }
  });

  it('reads Retry-After seconds and the definitive flag, and ignores members of the wrong type', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (retryAfter, definitive) => {
        const v = readEnrollProblem({ type: ENROLL_PROBLEMS.typeOf('rate-limited'), retryAfter, definitive });
        expect(v.retryAfter === undefined || typeof v.retryAfter === 'number').toBe(true);
        expect(v.definitive).toBe(definitive === true);
      }),
    );
    expect(readEnrollProblem({ type: ENROLL_PROBLEMS.typeOf('rate-limited'), retryAfter: 30 }).retryAfter).toBe(30);
    expect(failureOf(429, { type: ENROLL_PROBLEMS.typeOf('rate-limited'), retryAfter: 30 }).message).toMatch(/30 s/);
    expect(readEnrollProblem('not json').kind).toBeUndefined();
    expect(failureOf(500, null).kind).toBe('local');
  });

  it('accepts an enroll answer only with every member of the right type', () => {
    const good = { orderId: 'O1', email: 'a@example.com', certificate: 'PEM', chain: ['I1', 'R'] };
    expect(readEnrollResponse(good)).toEqual(good);
    for (const bad of [
      { ...good, orderId: 7 },
      { ...good, certificate: undefined },
      { ...good, chain: 'I1' },
      { ...good, chain: ['I1', 2] },
      null,
      [],
    ]) {
      expect(readEnrollResponse(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('reads invitation states and maps the unusable ones to their refusal kinds', () => {
    for (const s of ['valid', 'spent', 'expired', 'invalid'] as const)
      expect(readInvitationStatus({ state: s })).toBe(s);
    expect(readInvitationStatus({ state: 'VALID' })).toBeUndefined();
    expect(readInvitationStatus({})).toBeUndefined();
    expect(failureOfState('spent').kind).toBe('invitation-spent');
    expect(failureOfState('expired').message).toMatch(/expired/);
  });

  it('names products as people know them', () => {
    expect(productName('EPKIPSPersonal')).toBe('PersonalSign');
    expect(productName('epkipsdept')).toBe('PersonalSign Department');
    expect(productName('SomethingElse')).toBe('Email certificate');
  });
});
