import { describe, expect, it } from 'vitest';
import { awaitsAnswer, requestStatus } from './machine.ts';
import { ANSWER_LEAD_HOURS, holdDeadline, latestAnswer, requestWindow } from './rules.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 4 March 2030, 10:00 in Asia/Shanghai. */
const now = new Date('2030-03-04T02:00:00Z');
const inHours = (hours: number) => new Date(now.getTime() + hours * HOUR);

describe('the answer deadline of a request', () => {
  it('is the hold hours after the request when the session is far off', () => {
    expect(holdDeadline(now, 72, inHours(10 * 24))).toEqual(inHours(72));
  });

  it('is 12 hours before the start, not the start, when the hold would run later', () => {
    expect(ANSWER_LEAD_HOURS).toBe(12);
    // A session 30 h away: 72 hold hours would run past the start; the answer is due 18 h from now.
    expect(holdDeadline(now, 72, inHours(30))).toEqual(inHours(18));
    expect(holdDeadline(now, 72, inHours(30))).toEqual(latestAnswer(inHours(30)));
    // The hold alone ends first: it stands.
    expect(holdDeadline(now, 10, inHours(30))).toEqual(inHours(10));
    // Exactly on the limit.
    expect(holdDeadline(now, 18, inHours(30))).toEqual(inHours(18));
  });

  it('is none once 12 hours before the start has come: nobody could answer in time', () => {
    expect(holdDeadline(now, 72, inHours(12))).toBeNull();
    expect(holdDeadline(now, 72, inHours(5))).toBeNull();
    expect(holdDeadline(now, 72, inHours(-1))).toBeNull();
    expect(holdDeadline(now, 72, new Date(inHours(12).getTime() + 1))).toEqual(new Date(now.getTime() + 1));
  });
});

describe('the window a school may request in', () => {
  const venue = { bookingOpensDays: 30, bookingClosesDays: 0 };
  const startsAt = inHours(48);

  it('closes 12 hours before the start for a request that waits for an answer, when the venue closes later', () => {
    expect(requestWindow(startsAt, venue, true)).toEqual({
      opensAt: new Date(startsAt.getTime() - 30 * DAY),
      closesAt: inHours(36),
    });
    // Confirmed on the spot: the venue's own window.
    expect(requestWindow(startsAt, venue, false).closesAt).toEqual(startsAt);
    // A venue that closes a day before already closes earlier than the answer limit.
    expect(requestWindow(startsAt, { ...venue, bookingClosesDays: 1 }, true).closesAt).toEqual(inHours(24));
  });

  it('waits for an answer unless the request is confirmed on the spot', () => {
    // (needsApproval, selfApproved, autoConfirm)
    expect(requestStatus(false, false, false)).toBe('requested');
    expect(requestStatus(false, false, true)).toBe('confirmed');
    expect(requestStatus(true, false, true)).toBe('requested');
    expect(requestStatus(true, true, true)).toBe('confirmed');
    expect(requestStatus(true, true, false)).toBe('school_approved');
    expect(awaitsAnswer('requested')).toBe(true);
    expect(awaitsAnswer('school_approved')).toBe(true);
    expect(awaitsAnswer('confirmed')).toBe(false);
    expect(awaitsAnswer('waitlisted')).toBe(false);
  });
});
