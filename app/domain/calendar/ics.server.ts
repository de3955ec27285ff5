import ICAL from 'ical.js';
import { getT } from '#app/i18n/index.ts';
import { feedLocale } from '#app/utils/i18n.server.ts';
import { shanghaiParts } from '#app/utils/time.ts';

export interface CalendarEvent {
  /** Stable across exports, so a calendar updates the event instead of adding a copy. */
  uid: string;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  status?: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  /** When the event last changed: its LAST-MODIFIED, and its SEQUENCE (sequenceOf). */
  updatedAt?: Date;
}

const TZID = 'Asia/Shanghai';

const SEQUENCE_EPOCH = Date.UTC(2024, 0, 1);

/**
 * RFC 5545 SEQUENCE of an event last changed at `changedAt`: it must grow with every change, or Outlook keeps the copy
 * it holds (a cancelled trip stays on its calendar). Every change to a booking, its session or an invitation stamps
 * updatedAt with the clock, which only moves forward, so the seconds since 2024 grow with each change without a revision
 * column to keep (and fit INTEGER's 31 bits until 2092).
 */
function sequenceOf(changedAt: Date): number {
  return Math.max(0, Math.floor((changedAt.getTime() - SEQUENCE_EPOCH) / 1000));
}

// RFC 5545 §3.1: lines of at most 75 octets. ical.js folds its chunks at foldLength octets and then puts the space
// of the continuation line in front, one octet over; 74 keeps every line within 75.
ICAL.foldLength = 74;

function localTime(instant: Date): ICAL.Time {
  const p = shanghaiParts(instant);
  return ICAL.Time.fromData({
    year: p.year,
    month: p.month,
    day: p.day,
    hour: p.hour,
    minute: p.minute,
    second: instant.getUTCSeconds(),
  });
}

function zonedProperty(name: string, instant: Date): ICAL.Property {
  const property = new ICAL.Property(name);
  property.setParameter('tzid', TZID);
  property.setValue(localTime(instant));
  return property;
}

/** China has kept UTC+8 without daylight saving since 1991: one STANDARD block describes the zone. */
function shanghaiTimezone(): ICAL.Component {
  const zone = new ICAL.Component('vtimezone');
  zone.addPropertyWithValue('tzid', TZID);
  const standard = new ICAL.Component('standard');
  standard.addPropertyWithValue('dtstart', ICAL.Time.fromDateTimeString('1991-09-15T00:00:00'));
  standard.addPropertyWithValue('tzoffsetfrom', ICAL.UtcOffset.fromSeconds(8 * 3600));
  standard.addPropertyWithValue('tzoffsetto', ICAL.UtcOffset.fromSeconds(8 * 3600));
  standard.addPropertyWithValue('tzname', 'CST');
  zone.addSubcomponent(standard);
  return zone;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const CONTROL_BUT_BREAKS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Text of one line (a name, a summary, a place, a link). Operators and speakers write these; ical.js escapes line
 * breaks only in some properties (not X-WR-CALNAME or URL, and never a bare CR), so a title holding `\r\nBEGIN:VALARM`
 * would become calendar lines of its own. Breaks become spaces, other control characters go.
 */
function oneLine(text: string): string {
  return text.replace(CONTROL_BUT_BREAKS, '').replace(/[\r\n]+/g, ' ');
}

/** Text of several lines (a description): its breaks are kept as LF, which ical.js writes escaped (`\n`). */
function lines(text: string): string {
  return text.replace(CONTROL_BUT_BREAKS, '').replace(/\r\n?/g, '\n');
}

/** An RFC 5545 calendar with Asia/Shanghai times (TZID and its VTIMEZONE). */
export function buildCalendar(name: string, events: CalendarEvent[], now: Date): string {
  const calendar = new ICAL.Component(['vcalendar', [], []]);
  calendar.addPropertyWithValue('prodid', '-//Social Classroom//社会大课堂//ZH');
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('calscale', 'GREGORIAN');
  calendar.addPropertyWithValue('method', 'PUBLISH');
  calendar.addPropertyWithValue('x-wr-calname', oneLine(name));
  calendar.addPropertyWithValue('x-wr-timezone', TZID);
  calendar.addSubcomponent(shanghaiTimezone());
  for (const event of events) {
    const vevent = new ICAL.Component('vevent');
    vevent.addPropertyWithValue('uid', oneLine(event.uid));
    vevent.addPropertyWithValue('dtstamp', ICAL.Time.fromJSDate(now, true));
    if (event.updatedAt) {
      vevent.addPropertyWithValue('last-modified', ICAL.Time.fromJSDate(event.updatedAt, true));
      vevent.addPropertyWithValue('sequence', sequenceOf(event.updatedAt));
    }
    vevent.addProperty(zonedProperty('dtstart', event.startsAt));
    vevent.addProperty(zonedProperty('dtend', event.endsAt));
    vevent.addPropertyWithValue('summary', oneLine(event.summary));
    if (event.description) vevent.addPropertyWithValue('description', lines(event.description));
    if (event.location) vevent.addPropertyWithValue('location', oneLine(event.location));
    if (event.url) vevent.addPropertyWithValue('url', oneLine(event.url));
    vevent.addPropertyWithValue('status', event.status ?? 'CONFIRMED');
    calendar.addSubcomponent(vevent);
  }
  return `${calendar.toString().replace(/\r?\n/g, '\r\n')}\r\n`;
}

/**
 * A feed address that holds no calendar (mistyped, or replaced by a new one): said in the feed's language in plain
 * text, for a calendar app's error log or a person who opened the address in a browser.
 */
export function feedNotFound(request: Request): Response {
  return new Response(getT(feedLocale(request))('calendar.feedNotFound'), {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** The response for a calendar file or feed. */
export function calendarResponse(body: string, filename: string): Response {
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'private, max-age=300',
    },
  });
}
