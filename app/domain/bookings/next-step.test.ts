import { describe, expect, it } from 'vitest';
import { getT } from '#app/i18n/index.ts';
import { bookingStatuses } from '#db/schema/enums.ts';
import { nextStepKey } from './next-step.ts';

const held = new Date('2030-03-10T02:00:00Z');

/** The key of a step that has a text. */
function keyOf(...args: Parameters<typeof nextStepKey>) {
  const key = nextStepKey(...args);
  if (!key) throw new Error(`no next step for ${args[0].status}`);
  return key;
}

describe('the next step of a booking, told to the side reading it', () => {
  it('tells the school to bring the group and the venue to expect it and record the visit', () => {
    const zh = getT('zh');
    const confirmed = { status: 'confirmed', needsSchoolApproval: false, holdUntil: null } as const;
    expect(zh(keyOf(confirmed, 'school'))).toContain('按时带队前往');
    expect(zh(keyOf(confirmed, 'venue'))).toBe('等待到访；活动开始后即可记录到访人数和收费');
    expect(getT('en')(keyOf(confirmed, 'venue'))).toContain('record who came');
  });

  it('tells the school, once a confirmed trip’s start time has come, that the venue records the visit', () => {
    const confirmed = { status: 'confirmed', needsSchoolApproval: false, holdUntil: null } as const;
    const started = { ...confirmed, started: true };
    expect(getT('zh')(keyOf(started, 'school'))).toBe('活动时间已到，等待场馆登记到访情况');
    expect(getT('en')(keyOf(started, 'school'))).toBe(
      'The visit time has come; waiting for the venue to record attendance',
    );
    expect(nextStepKey({ ...confirmed, started: false }, 'school')).toBe(nextStepKey(confirmed, 'school'));
    // The venue is asked for its record once the visit has begun, not told it waits for the visit.
    expect(getT('zh')(keyOf(started, 'venue'))).toBe('活动时间已到，请登记实到人数和实际收费');
    expect(nextStepKey(started, 'venue')).not.toBe(nextStepKey(confirmed, 'venue'));
    // Only a confirmed trip waits for the record: the others say what they said.
    for (const status of bookingStatuses.filter((s) => s !== 'confirmed')) {
      for (const side of ['school', 'venue'] as const) {
        const row = { status, needsSchoolApproval: false, holdUntil: held };
        expect(nextStepKey({ ...row, started: true }, side), `${side} ${status}`).toBe(
          nextStepKey(row, side),
        );
      }
    }
  });

  it('asks the venue, not the school, to answer a request, with the deadline when the seats are held', () => {
    const zh = getT('zh');
    const request = { status: 'requested', needsSchoolApproval: false, holdUntil: held } as const;
    expect(zh(keyOf(request, 'school'), { deadline: 'D' })).toBe('等待场馆确认（D 前）');
    expect(zh(keyOf(request, 'venue'), { deadline: 'D' })).toBe('请在 D 前确认或婉拒');
    expect(zh(keyOf({ ...request, holdUntil: null }, 'venue'))).toBe('请确认或婉拒');
    // Waiting for the school admin reads the same from both sides.
    const awaitingSchool = { ...request, needsSchoolApproval: true };
    expect(nextStepKey(awaitingSchool, 'venue')).toBe(nextStepKey(awaitingSchool, 'school'));
  });

  it('says who turned a request down: the school admin before approving, the venue after', () => {
    const zh = getT('zh');
    const refusedBySchool = {
      status: 'declined',
      needsSchoolApproval: true,
      approvedAt: null,
      holdUntil: null,
    } as const;
    expect(zh(keyOf(refusedBySchool, 'school'))).toContain('学校管理员没有批准');
    expect(zh(keyOf(refusedBySchool, 'venue'))).toBe('学校没有批准');
    for (const refusedByVenue of [
      { ...refusedBySchool, approvedAt: held },
      { ...refusedBySchool, needsSchoolApproval: false },
    ]) {
      expect(zh(keyOf(refusedByVenue, 'school'))).toContain('场馆婉拒了');
      // The venue's own refusal: the badge says it all.
      expect(nextStepKey(refusedByVenue, 'venue')).toBeNull();
    }
  });

  it('never tells the venue what only a teacher can do', () => {
    for (const locale of ['zh', 'en'] as const) {
      const t = getT(locale);
      const teacherOnly = [
        t('bookings.next.confirmed'),
        t('bookings.next.confirmed_started'),
        t('bookings.next.declined'),
        t('bookings.next.lapsed'),
        t('bookings.next.requested_venue'),
      ];
      for (const status of bookingStatuses) {
        for (const needsSchoolApproval of [false, true]) {
          for (const started of [false, true]) {
            const key = nextStepKey({ status, needsSchoolApproval, holdUntil: held, started }, 'venue');
            if (!key) continue;
            const text = t(key);
            expect(text.trim(), `${locale} ${status}`).not.toBe('');
            expect(teacherOnly, `${locale} ${status}`).not.toContain(text);
          }
        }
      }
    }
  });

  it('never restates the status its badge shows beside it, and says nothing once the status says it all', () => {
    for (const locale of ['zh', 'en'] as const) {
      const t = getT(locale);
      for (const status of bookingStatuses) {
        const badge = t(`bookingStatus.${status}`);
        for (const side of ['school', 'venue'] as const) {
          for (const needsSchoolApproval of [false, true]) {
            for (const started of [false, true]) {
              const key = nextStepKey({ status, needsSchoolApproval, holdUntil: held, started }, side);
              if (!key) continue;
              expect(t(key, { deadline: 'D' }), `${locale} ${side} ${status}`).not.toContain(badge);
            }
          }
        }
      }
    }
    // "Attended" and "Visited", "Did not come" and "Recorded as not attended": the same thing twice in other words.
    for (const status of ['attended', 'no_show', 'cancelled'] as const) {
      for (const side of ['school', 'venue'] as const) {
        expect(nextStepKey({ status, needsSchoolApproval: false, holdUntil: null }, side), status).toBeNull();
      }
    }
    // A visit not yet rated asks the school for its rating, and says nothing to the venue; once rated, nothing.
    const visited = { status: 'attended', needsSchoolApproval: false, holdUntil: null } as const;
    expect(nextStepKey({ ...visited, feedbackAt: null }, 'school')).toBe('bookings.next.attended_unrated');
    expect(nextStepKey({ ...visited, feedbackAt: null }, 'venue')).toBeNull();
    expect(nextStepKey({ ...visited, feedbackAt: new Date() }, 'school')).toBeNull();
    expect(
      nextStepKey(
        { status: 'no_show', needsSchoolApproval: false, holdUntil: null, feedbackAt: null },
        'school',
      ),
    ).toBeNull();
  });
});
