import { describe, expect, it } from 'vitest';
import { InvitationInputSchema, SlotsSchema, slotFormSchema } from './schemas.ts';

const messages = (result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('slots typed into the API', () => {
  it('reports a time without its offset, or one that is not a time, on its own field and nothing else', () => {
    expect(
      messages(SlotsSchema.safeParse([{ startsAt: '2026-12-21T09:00:00', endsAt: '2026-12-21T10:00:00' }])),
    ).toEqual(['0.startsAt: validation.date', '0.endsAt: validation.date']);
    expect(
      messages(SlotsSchema.safeParse([{ startsAt: '2026-12-20T10:00:00+08:00', endsAt: 'yesterday' }])),
    ).toEqual(['0.endsAt: validation.date']);
    expect(messages(SlotsSchema.safeParse([{ startsAt: 5, endsAt: null }]))).toHaveLength(2);
    // One unreadable slot beside a readable one: the list is not compared for repeats.
    expect(
      messages(
        SlotsSchema.safeParse([
          { startsAt: '2026-12-20T10:00:00+08:00', endsAt: '2026-12-20T11:00:00+08:00' },
          { startsAt: 'soon', endsAt: '2026-12-20T11:00:00+08:00' },
        ]),
      ),
    ).toEqual(['1.startsAt: validation.date']);
  });

  it('still checks order, length and repeats of slots that could be read', () => {
    expect(
      messages(
        SlotsSchema.safeParse([
          { startsAt: '2026-12-20T10:00:00+08:00', endsAt: '2026-12-20T09:00:00+08:00' },
        ]),
      ),
    ).toEqual(['0.endsAt: invitation.error.slotOrder']);
    expect(
      messages(
        SlotsSchema.safeParse([
          { startsAt: '2026-12-20T08:00:00+08:00', endsAt: '2026-12-20T17:00:00+08:00' },
        ]),
      ),
    ).toEqual(['0.endsAt: invitation.error.slotTooLong']);
    const slot = { startsAt: '2026-12-20T10:00:00+08:00', endsAt: '2026-12-20T11:00:00+08:00' };
    expect(messages(SlotsSchema.safeParse([slot, slot]))).toEqual([': invitation.error.slotDuplicate']);
    expect(
      InvitationInputSchema.safeParse({
        speakerId: '00000000-0000-4000-8000-000000000001',
        topicId: '00000000-0000-4000-8000-000000000002',
        slots: [slot],
        audienceSize: 40,
        grades: [4],
        place: '礼堂',
      }).success,
    ).toBe(true);
  });

  it('refuses times of one list that overlap without being the same, on the later one, naming the earlier', () => {
    const at = (time: string) => ({
      startsAt: `2030-12-08T${time}:00+08:00`,
      endsAt: new Date(Date.parse(`2030-12-08T${time}:00+08:00`) + 45 * 60_000).toISOString(),
    });
    const result = SlotsSchema.safeParse([at('08:30'), at('10:00'), at('08:45')]);
    expect(messages(result)).toEqual(['2.startsAt: invitation.error.slotOverlap']);
    expect(result.error?.issues[0]).toMatchObject({ params: { n: 1 } });
    // End to start is not an overlap.
    expect(SlotsSchema.safeParse([at('08:30'), at('09:15')]).success).toBe(true);
  });
});

describe('the proposed-times form', () => {
  it('names an overlapping row at its date with the row it crosses, as the rows are numbered on the page', () => {
    const result = slotFormSchema(60).safeParse({
      date1: '2030-12-09',
      time1: '14:00',
      date2: '2030-12-08',
      time2: '09:00',
      date3: '2030-12-08',
      time3: '09:30',
    });
    expect(messages(result)).toEqual(['date3: invitation.error.slotOverlap']);
    expect(result.error?.issues[0]).toMatchObject({ params: { n: 2 } });
    expect(
      slotFormSchema(60).safeParse({
        date1: '2030-12-08',
        time1: '09:00',
        date2: '2030-12-08',
        time2: '10:00',
      }).success,
    ).toBe(true);
  });

  it('names a repeated time at its later row with the row it repeats, and leaves the first row alone', () => {
    const result = slotFormSchema(60).safeParse({
      date1: '2030-12-09',
      time1: '14:00',
      date2: '2030-12-10',
      time2: '09:00',
      date3: '2030-12-09',
      time3: '14:00',
    });
    expect(messages(result)).toEqual(['date3: invitation.error.slotSame']);
    expect(result.error?.issues[0]).toMatchObject({ params: { n: 1 } });
  });
});
