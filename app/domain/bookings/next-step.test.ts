import { describe, expect, it } from 'vitest';
import { getT } from '#app/i18n/index.ts';
import { bookingStatuses } from '#db/schema/enums.ts';
import { nextStepKey } from './next-step.ts';

const held = new Date('2030-03-10T02:00:00Z');

describe('the next step of a booking, told to the side reading it', () => {
  it('tells the school to bring the group and the venue to expect it and record the visit', () => {
    const zh = getT('zh');
    const confirmed = { status: 'confirmed', needsSchoolApproval: false, holdUntil: null } as const;
    expect(zh(nextStepKey(confirmed, 'school'))).toContain('按时带队前往');
    expect(zh(nextStepKey(confirmed, 'venue'))).toBe('已确认：等待到访；活动结束后记录到访人数和收费');
    expect(getT('en')(nextStepKey(confirmed, 'venue'))).toContain('record who came');
  });

  it('asks the venue, not the school, to answer a request, with the deadline when the seats are held', () => {
    const zh = getT('zh');
    const request = { status: 'requested', needsSchoolApproval: false, holdUntil: held } as const;
    expect(zh(nextStepKey(request, 'school'), { deadline: 'D' })).toBe('等待场馆确认（D 前）');
    expect(zh(nextStepKey(request, 'venue'), { deadline: 'D' })).toBe('请在 D 前确认或婉拒');
    expect(zh(nextStepKey({ ...request, holdUntil: null }, 'venue'))).toBe('请确认或婉拒');
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
    expect(zh(nextStepKey(refusedBySchool, 'school'))).toContain('学校管理员没有批准');
    expect(zh(nextStepKey(refusedBySchool, 'venue'))).toBe('学校没有批准');
    for (const refusedByVenue of [
      { ...refusedBySchool, approvedAt: held },
      { ...refusedBySchool, needsSchoolApproval: false },
    ]) {
      expect(zh(nextStepKey(refusedByVenue, 'school'))).toContain('场馆婉拒了');
      expect(zh(nextStepKey(refusedByVenue, 'venue'))).toBe('已婉拒');
    }
  });

  it('never tells the venue what only a teacher can do', () => {
    for (const locale of ['zh', 'en'] as const) {
      const t = getT(locale);
      const teacherOnly = [
        t('bookings.next.confirmed'),
        t('bookings.next.declined'),
        t('bookings.next.lapsed'),
        t('bookings.next.requested_venue'),
        t('bookings.next.school_approved'),
      ];
      for (const status of bookingStatuses) {
        for (const needsSchoolApproval of [false, true]) {
          const text = t(nextStepKey({ status, needsSchoolApproval, holdUntil: held }, 'venue'));
          expect(text.trim(), `${locale} ${status}`).not.toBe('');
          expect(teacherOnly, `${locale} ${status}`).not.toContain(text);
        }
      }
    }
  });
});
