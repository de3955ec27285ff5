import { DAY, daytimeDeadline, HOUR } from '#app/utils/time.ts';

/** A school with this many no-shows within NO_SHOW_WINDOW_DAYS is warned; its next requests need its school admin. */
export const NO_SHOW_LIMIT = 3;
export const NO_SHOW_WINDOW_DAYS = 90;

/** Primary (and preschool) grades use the venue's primary ratio; grades 7–12 the secondary one. */
export function isPrimaryGrade(grade: number): boolean {
  return grade <= 6;
}

/** The fewest adults a group needs: at least one per `ratio` pupils. */
export function minimumChaperones(
  pupils: number,
  grade: number,
  venue: { chaperoneRatioPrimary: number; chaperoneRatioSecondary: number },
): number {
  const ratio = isPrimaryGrade(grade) ? venue.chaperoneRatioPrimary : venue.chaperoneRatioSecondary;
  return Math.ceil(pupils / Math.max(1, ratio));
}

/**
 * The fewest seats any request for the program can take: its smallest group (minGroupSize pupils) with the adults
 * minimumChaperones asks of it, in the grade that needs the fewest. A session with fewer seats open takes no request
 * (createBooking refuses every one); with fewer seats in all, not even from the waitlist.
 */
export function smallestGroupSeats(
  program: { grades: number[]; minGroupSize: number },
  venue: { chaperoneRatioPrimary: number; chaperoneRatioSecondary: number },
): number {
  const pupils = Math.max(1, program.minGroupSize);
  const grades = program.grades.length ? program.grades : [1];
  return pupils + Math.min(...grades.map((grade) => minimumChaperones(pupils, grade, venue)));
}

export interface BookingWindow {
  opensAt: Date;
  closesAt: Date;
}

/** Requests are taken from `bookingOpensDays` before the session until `bookingClosesDays` before it. */
export function bookingWindow(
  startsAt: Date,
  venue: { bookingOpensDays: number; bookingClosesDays: number },
): BookingWindow {
  return {
    opensAt: new Date(startsAt.getTime() - venue.bookingOpensDays * DAY),
    closesAt: new Date(startsAt.getTime() - venue.bookingClosesDays * DAY),
  };
}

/**
 * The window as a school sees it: a request that will wait for an answer (see holdDeadline) also closes once no
 * answer could come in time, ANSWER_LEAD_HOURS before the start — at a venue whose booking closes 0 days before, say.
 * Exactly when holdDeadline gives none: moving a deadline out of the night never takes one away.
 */
export function requestWindow(
  startsAt: Date,
  venue: { bookingOpensDays: number; bookingClosesDays: number },
  awaitsAnswer: boolean,
): BookingWindow {
  const window = bookingWindow(startsAt, venue);
  if (!awaitsAnswer) return window;
  return {
    ...window,
    closesAt: new Date(Math.min(latestAnswer(startsAt).getTime(), window.closesAt.getTime())),
  };
}

export type WindowState = 'not_open_yet' | 'open' | 'closed';

export function windowState(window: BookingWindow, now: Date): WindowState {
  if (now < window.opensAt) return 'not_open_yet';
  if (now > window.closesAt) return 'closed';
  return 'open';
}

/** A request must be answered this long before its session starts: the teacher knows well before the day. */
export const ANSWER_LEAD_HOURS = 12;

/** The last moment a request for a session can be answered (school admin's approval or venue's confirmation). */
export function latestAnswer(startsAt: Date): Date {
  return new Date(startsAt.getTime() - ANSWER_LEAD_HOURS * HOUR);
}

/**
 * A request holds its seats for the venue's hold hours, but must be answered ANSWER_LEAD_HOURS before the session
 * starts: the earlier of the two, moved back to 21:00 the evening before when it falls at night (daytimeDeadline).
 * Null when that moment has passed — no answer can come in time, so there is nothing to wait for (the callers refuse
 * the request, or leave a waiting group on the waitlist).
 */
export function holdDeadline(now: Date, holdHours: number, startsAt: Date): Date | null {
  const deadline = Math.min(now.getTime() + holdHours * HOUR, latestAnswer(startsAt).getTime());
  return deadline > now.getTime() ? daytimeDeadline(new Date(deadline), now) : null;
}

/** What the seats a school may take depend on. */
export interface SessionSeats {
  capacity: number;
  seatsHeld: number;
  seatsHeldGeneral: number;
  greenChannelSeats: number;
  greenReleaseAt: Date | null;
}

/**
 * Seats a school may still take: every seat left for a priority school; before the green channel's release, the
 * others may not use the reserved green-channel seats.
 */
export function seatsOpenTo(session: SessionSeats, priority: boolean, now: Date): number {
  const left = session.capacity - session.seatsHeld;
  if (
    priority ||
    session.greenChannelSeats === 0 ||
    !session.greenReleaseAt ||
    now >= session.greenReleaseAt
  ) {
    return Math.max(0, left);
  }
  const general = session.capacity - session.greenChannelSeats - session.seatsHeldGeneral;
  return Math.max(0, Math.min(left, general));
}

/**
 * The green-channel seats still held back for priority schools: of the seats left, those a priority school may take
 * and any other school may not yet (none once released, or once the seats left are fewer than the general ones).
 */
export function greenSeatsHeldBack(session: SessionSeats, now: Date): number {
  return seatsOpenTo(session, true, now) - seatsOpenTo(session, false, now);
}

/**
 * The green-channel seats priority schools hold: the seats of their bookings that hold seats (requested, approved,
 * confirmed), up to the seats reserved. A booking is a priority school's when `bookings.priority` says so (the school
 * was one when it booked); the session's counters keep those seats apart (`seats_held - seats_held_general`), and the
 * deferred check of migration 0003 proves both against the bookings at every commit.
 */
export function greenSeatsHeld(
  session: Pick<SessionSeats, 'seatsHeld' | 'seatsHeldGeneral' | 'greenChannelSeats'>,
): number {
  return Math.max(0, Math.min(session.greenChannelSeats, session.seatsHeld - session.seatsHeldGeneral));
}

/** Groups sometimes grow on the day: attendance may exceed the booking by a fifth, and by 5 people in any case. */
export const ATTENDANCE_GROWTH_RATIO = 0.2;
export const ATTENDANCE_GROWTH_MIN = 5;

/**
 * The most people of one kind (pupils or chaperones) a venue may record for a booking of `booked`: the booking plus
 * the growth above, but never more than the session's capacity — and never less than was booked, even if the
 * capacity was lowered since. Beyond it the count is a typo (200 for 45), not a grown group.
 */
export function mostAttending(booked: number, capacity: number): number {
  const grown = booked + Math.max(ATTENDANCE_GROWTH_MIN, Math.ceil(booked * ATTENDANCE_GROWTH_RATIO));
  return Math.max(booked, Math.min(grown, capacity));
}

/** A charge above the promise, per pupil or per chaperone, flags the booking (DESIGN.md rule 4). */
export function isOvercharged(
  promised: { pupil: number; chaperone: number },
  charged: { pupil: number; chaperone: number },
): boolean {
  return charged.pupil > promised.pupil || charged.chaperone > promised.chaperone;
}

/** Whether a booking's charges as recorded now are above its promise (its flag may stay from an earlier record). */
export function chargedAbovePromise(b: {
  promisedPricePerPupil: number;
  promisedPricePerChaperone: number;
  chargedPricePerPupil: number | null;
  chargedPricePerChaperone: number | null;
}): boolean {
  return isOvercharged(
    { pupil: b.promisedPricePerPupil, chaperone: b.promisedPricePerChaperone },
    { pupil: b.chargedPricePerPupil ?? 0, chaperone: b.chargedPricePerChaperone ?? 0 },
  );
}
