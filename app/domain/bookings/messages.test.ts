import { describe, expect, it } from 'vitest';
import { getT } from '#app/i18n/index.ts';
import { bookingStatusText, failureMessage, schoolGroupsText } from './messages.ts';

describe('the question before saving a charge above the promise', () => {
  const asked = (locale: 'zh' | 'en', fen: [number, number, number, number]) =>
    failureMessage(getT(locale), {
      error: 'overcharge_unconfirmed',
      params: {
        promisedPupilFen: fen[0],
        chargedPupilFen: fen[1],
        promisedChaperoneFen: fen[2],
        chargedChaperoneFen: fen[3],
      },
    });

  it('names only the charges above their promise, free entry as free', () => {
    expect(asked('zh', [0, 1050, 0, 0])).toMatch(
      /^所填实收高于承诺价格：每名学生承诺免费，实收¥10\.50。保存后/,
    );
    expect(asked('en', [0, 1050, 0, 0])).toMatch(
      /^The charges entered are above the promise: per pupil free promised, ¥10\.50 charged\. Once saved/,
    );
    expect(asked('zh', [500, 500, 0, 2000])).toContain('价格：每名成人承诺免费，实收¥20。');
    expect(asked('zh', [500, 500, 0, 2000])).not.toContain('每名学生');
    expect(asked('zh', [500, 800, 1000, 2000])).toContain(
      '价格：每名学生承诺¥5，实收¥8；每名成人承诺¥10，实收¥20。',
    );
    expect(asked('en', [500, 800, 1000, 2000])).toContain(
      'per pupil ¥5 promised, ¥8 charged; per adult ¥10 promised, ¥20 charged.',
    );
  });
});

describe('a step the booking has moved past', () => {
  it('says where the booking stands now, in the reader’s language', () => {
    expect(failureMessage(getT('zh'), { error: 'invalid_transition', params: { status: 'cancelled' } })).toBe(
      '这条预约现在是“已取消”，不能再做这一步（对方可能刚刚处理过）。',
    );
    expect(
      failureMessage(getT('en'), { error: 'invalid_transition', params: { status: 'cancelled' } }),
    ).toContain('This booking is now “Cancelled”');
    // Without a known state: the general words.
    expect(failureMessage(getT('zh'), { error: 'invalid_transition', params: { status: 'x' } })).toBe(
      getT('zh')('bookings.error.invalid_transition'),
    );
  });
});

describe('a school’s groups already booked in a session', () => {
  it('says a request waiting for the school admin as the trip page does, not as a request the venue answers', () => {
    const existing = [
      { pupils: 30, status: 'requested' as const, needsSchoolApproval: true },
      { pupils: 25, status: 'requested' as const, needsSchoolApproval: false },
      { pupils: 1, status: 'waitlisted' as const, needsSchoolApproval: true },
    ];
    expect(schoolGroupsText(getT('zh'), existing)).toBe(
      '（30 名学生，待学校审批；25 名学生，已申请；1 名学生，候补中）',
    );
    expect(schoolGroupsText(getT('en'), existing)).toContain('30 pupils, status: Awaiting school approval');
    expect(bookingStatusText(getT('zh'), 'school_approved', true)).toBe('学校已审批');
  });
});
