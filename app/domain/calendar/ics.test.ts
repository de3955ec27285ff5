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

  it('folds long lines of Chinese and Latin text within 75 octets, and a parser unfolds them to the same text', () => {
    const description = `武川县第一小学 五年级 45 名学生、5 名陪同教师。行程单：https://sc.example/bookings/${'0'.repeat(8)}-aaaa-4bbb-8ccc-${'d'.repeat(12)}/trip-sheet.pdf ${'草原文化研学，'.repeat(12)}`;
    for (const shift of ['', 'a', 'ab', 'abc']) {
      const text = buildCalendar(
        '研学日程',
        [
          {
            uid: 'booking-2@social-classroom',
            startsAt: new Date('2026-12-01T01:30:00Z'),
            endsAt: new Date('2026-12-01T03:00:00Z'),
            summary: `${shift}内蒙古博物院：馆藏精品导览`,
            description: shift + description,
          },
        ],
        new Date('2026-11-29T00:00:00Z'),
      );
      const lines = text.split('\r\n');
      expect(lines.filter((line) => line.startsWith(' ')).length).toBeGreaterThan(3);
      expect(Math.max(...lines.map((line) => new TextEncoder().encode(line).length))).toBeLessThanOrEqual(75);
      const event = new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!);
      expect(event.description).toBe(shift + description);
    }
  });

  it('keeps text written by operators and speakers inside its own property: no line of it becomes a calendar line', () => {
    const text = buildCalendar(
      '内蒙古博物院\r\nX-INJECTED:1',
      [
        {
          uid: 'booking-3@social-classroom',
          startsAt: new Date('2026-12-01T01:30:00Z'),
          endsAt: new Date('2026-12-01T03:00:00Z'),
          summary: '馆藏导览\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nEND:VALARM\rLOCATION:假地址',
          description: '第一行\r\n第二行\rEND:VEVENT\u0000',
          location: '呼和浩特\nURL:https://evil.example',
          url: 'https://sc.example/trips/1\r\nATTACH:https://evil.example',
        },
      ],
      new Date('2026-11-29T00:00:00Z'),
    );
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getAllSubcomponents().map((c) => c.name)).toEqual(['vtimezone', 'vevent']);
    expect(calendar.getAllProperties().map((p) => p.name)).not.toContain('x-injected');
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    expect(vevent.getAllSubcomponents()).toEqual([]);
    expect(vevent.getAllProperties('location')).toHaveLength(1);
    expect(vevent.getAllProperties('attach')).toHaveLength(0);
    expect(vevent.getFirstPropertyValue('summary')).toBe(
      '馆藏导览 BEGIN:VALARM ACTION:DISPLAY END:VALARM LOCATION:假地址',
    );
    expect(vevent.getFirstPropertyValue('description')).toBe('第一行\n第二行\nEND:VEVENT');
    expect(text).not.toMatch(/\r(?!\n)/);
  });
});
