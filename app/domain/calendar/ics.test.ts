import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar } from './ics.server.ts';

describe('iCalendar export', () => {
  it('writes events with Asia/Shanghai times that a real parser reads back to the same instants', () => {
    const startsAt = new Date('2026-12-01T01:30:00Z'); // 09:30 in Shanghai
    const endsAt = new Date('2026-12-01T03:00:00Z');
    const text = buildCalendar(
      '研学日程',
      [
        {
          uid: 'booking-1@social-classroom',
          startsAt,
          endsAt,
          summary: '内蒙古博物院：馆藏精品导览',
          location: '呼和浩特市新华东街27号',
        },
      ],
      new Date('2026-11-29T00:00:00Z'),
    );
    expect(text).toContain('BEGIN:VTIMEZONE');
    expect(text).toContain('DTSTART;TZID=Asia/Shanghai:20261201T093000');
    expect(text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);

    const calendar = new ICAL.Component(ICAL.parse(text));
    const zone = new ICAL.Timezone(calendar.getFirstSubcomponent('vtimezone')!);
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    event.startDate.zone = zone;
    event.endDate.zone = zone;
    expect(event.uid).toBe('booking-1@social-classroom');
    expect(event.summary).toBe('内蒙古博物院：馆藏精品导览');
    expect(event.startDate.toJSDate().toISOString()).toBe(startsAt.toISOString());
    expect(event.endDate.toJSDate().toISOString()).toBe(endsAt.toISOString());
  });
});
