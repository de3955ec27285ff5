import { describe, expect, it } from 'vitest';
import { InvitationInputSchema, SlotsSchema } from './schemas.ts';

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
});
