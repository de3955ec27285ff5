import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shanghaiTime } from '#app/utils/time.ts';
import { awaitsAnswer, requestStatus } from './machine.ts';
import {
  ANSWER_LEAD_HOURS,
  greenSeatsHeldBack,
  holdDeadline,
  latestAnswer,
  requestWindow,
  smallestGroupSeats,
  windowState,
} from './rules.ts';

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
    // A session 34 h away (20:00 tomorrow): 72 hold hours would run past the start; the answer is due at 08:00.
    expect(holdDeadline(now, 72, inHours(34))).toEqual(inHours(22));
    expect(holdDeadline(now, 72, inHours(34))).toEqual(latestAnswer(inHours(34)));
    // The hold alone ends first: it stands.
    expect(holdDeadline(now, 10, inHours(34))).toEqual(inHours(10));
    // Exactly on the limit.
    expect(holdDeadline(now, 22, inHours(34))).toEqual(inHours(22));
  });

  it('falls at 21:00 the evening before, not in the night', () => {
    // Tomorrow's 14:30 session: 12 h before is 02:30; the venue answers by 21:00 this evening.
    expect(holdDeadline(now, 72, shanghaiTime(2030, 3, 5, 14, 30))).toEqual(shanghaiTime(2030, 3, 4, 21));
    // A session 30 h away (16:00 tomorrow): 04:00 becomes 21:00 this evening, too.
    expect(holdDeadline(now, 72, inHours(30))).toEqual(shanghaiTime(2030, 3, 4, 21));
    // Asked at 23:50 with 48 hold hours: 23:50 two days later becomes 21:00 that evening.
    expect(holdDeadline(shanghaiTime(2030, 3, 4, 23, 50), 48, inHours(10 * 24))).toEqual(
      shanghaiTime(2030, 3, 6, 21),
    );
    // Asked at 22:00 for tomorrow's 14:30 session: this evening is past, so 02:30 stands rather than a refusal.
    expect(holdDeadline(shanghaiTime(2030, 3, 4, 22), 72, shanghaiTime(2030, 3, 5, 14, 30))).toEqual(
      shanghaiTime(2030, 3, 5, 2, 30),
    );
  });

  it('is none exactly when the window of a request that waits for an answer has closed', () => {
    // Moving a deadline out of the night never takes one away: requests still close 12 h before the start.
    const venue = { bookingOpensDays: 30, bookingClosesDays: 0 };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 * 24 * 60 }),
        fc.integer({ min: -24 * 60, max: 3 * 24 * 60 }),
        fc.integer({ min: 1, max: 720 }),
        (startMinutes, beforeMinutes, holdHours) => {
          const startsAt = new Date(now.getTime() + startMinutes * 60_000);
          const asked = new Date(startsAt.getTime() - beforeMinutes * 60_000);
          const deadline = holdDeadline(asked, holdHours, startsAt);
          expect(deadline !== null).toBe(asked < latestAnswer(startsAt));
          const window = requestWindow(startsAt, venue, true);
          if (windowState(window, asked) === 'closed') expect(deadline).toBeNull();
          if (deadline) {
            expect(deadline > asked).toBe(true);
            expect(deadline <= latestAnswer(startsAt)).toBe(true);
            expect(deadline.getTime()).toBeLessThanOrEqual(asked.getTime() + holdHours * HOUR);
          }
        },
      ),
      { numRuns: 1000 },
    );
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

describe('the green-channel seats still held back', () => {
  const now = shanghaiTime(2026, 5, 1, 9, 0);
  const release = shanghaiTime(2026, 5, 10, 9, 0);
  const session = {
    capacity: 100,
    seatsHeld: 0,
    seatsHeldGeneral: 0,
    greenChannelSeats: 20,
    greenReleaseAt: release,
  };

  it('are the green-channel seats before their release, none after it', () => {
    expect(greenSeatsHeldBack(session, now)).toBe(20);
    expect(greenSeatsHeldBack(session, release)).toBe(0);
  });

  it('are fewer once priority schools have taken some of them', () => {
    expect(greenSeatsHeldBack({ ...session, seatsHeld: 15 }, now)).toBe(5);
  });

  it('are the seats left when other schools have filled the general seats', () => {
    expect(greenSeatsHeldBack({ ...session, seatsHeld: 90, seatsHeldGeneral: 80 }, now)).toBe(10);
  });
});

describe('the seats the smallest group takes', () => {
  const venue = { chaperoneRatioPrimary: 10, chaperoneRatioSecondary: 15 };
  it('is the program’s smallest group with the fewest adults any of its grades needs', () => {
    expect(smallestGroupSeats({ grades: [3, 4, 5], minGroupSize: 10 }, venue)).toBe(11);
    expect(smallestGroupSeats({ grades: [3, 4, 5], minGroupSize: 11 }, venue)).toBe(13);
    // Grade 7 needs one adult per 15: 25 pupils take 2 adults there, 3 in grade 5.
    expect(smallestGroupSeats({ grades: [5, 7], minGroupSize: 25 }, venue)).toBe(27);
    expect(smallestGroupSeats({ grades: [5], minGroupSize: 25 }, venue)).toBe(28);
    expect(smallestGroupSeats({ grades: [1], minGroupSize: 1 }, venue)).toBe(2);
  });
});
