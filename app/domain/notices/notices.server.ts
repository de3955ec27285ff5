import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { getFormatters, getT, isLocale, type MessageKey, type MessageParams } from '#app/i18n/index.ts';
import type { Database } from '#db/client.ts';
import type { BookingStatus, InvitationStatus } from '#db/schema/enums.ts';
import { bookings, emailOutbox, invitations, notifications, users } from '#db/schema/index.ts';
import { readableParams } from './text.ts';

/** Made once: e-mails are written on busy paths such as a booking. */
const formatters = { zh: getFormatters('zh'), en: getFormatters('en') };

/** Every notice has a text `notice.<kind>` in each language; the kind names it. */
export type NoticeKind = MessageKey extends infer K
  ? K extends `notice.${infer Kind}`
    ? Kind
    : never
  : never;

export interface Notice {
  userId: string;
  kind: NoticeKind;
  /** Values for the text. Never contact details of speakers: notices and e-mails reach other people. */
  params?: MessageParams;
  /** Path on this site the notice points to. */
  link?: string;
  /**
   * Unique per event and person (e.g. `booking:<id>:confirmed:<userId>`): a notice with a key already used is not
   * sent again, so retries and repeated scheduler runs send each notice exactly once.
   */
  dedupeKey: string;
  /** Also send an e-mail to the person's address (default true). */
  email?: boolean;
}

/**
 * Writes an in-app notice and, when the person has an e-mail address, an e-mail to the outbox — in the caller's
 * transaction, so the notice exists exactly when the change that caused it does. Returns false when the dedupe key
 * was used before.
 */
export async function sendNotice(db: Database, notice: Notice, publicUrl = ''): Promise<boolean> {
  const params = notice.params ?? {};
  const inserted = await db
    .insert(notifications)
    .values({
      userId: notice.userId,
      kind: notice.kind,
      params,
      link: notice.link ?? null,
      dedupeKey: notice.dedupeKey,
    })
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning({ id: notifications.id });
  if (inserted.length === 0) return false;
  if (notice.email === false) return true;
  const [person] = await db
    .select({ email: users.email, locale: users.locale })
    .from(users)
    .where(eq(users.id, notice.userId));
  const [email] = person ? emailOf(notice, person, publicUrl) : [];
  if (!email) return true;
  await db.insert(emailOutbox).values(email).onConflictDoNothing({ target: emailOutbox.dedupeKey });
  return true;
}

export interface OutboxEmail {
  toAddress: string;
  subject: string;
  body: string;
  dedupeKey: string;
}

/**
 * The e-mail of a notice in its recipient's language (none when they have no address), for callers that write the
 * notice themselves in one statement.
 */
export function emailOf(
  notice: Notice,
  person: { email: string | null; locale: string | null },
  publicUrl = '',
): OutboxEmail[] {
  if (!person.email || notice.email === false) return [];
  const locale = isLocale(person.locale) ? person.locale : 'zh';
  const t = getT(locale);
  const text = t(
    `notice.${notice.kind}` as MessageKey,
    readableParams(notice.params ?? {}, formatters[locale], t),
  );
  const link = notice.link ? `\n\n${publicUrl}${notice.link}` : '';
  return [
    {
      toAddress: person.email,
      subject: t('common.labelled', { label: t('site.name'), value: text }).slice(0, 200),
      body: `${text}${link}\n\n— ${t('site.name')}`,
      dedupeKey: notice.dedupeKey,
    },
  ];
}

/** Notices on one page of the inbox. */
export const INBOX_PAGE_SIZE = 30;

/**
 * Notices that ask their reader to act on a booking or an invitation, and the states in which it still waits for that.
 * Once it has moved on (confirmed, declined, answered, lapsed…), the inbox says so beside the old request.
 */
const AWAITING: Record<string, { subject: 'booking' | 'invitation'; waiting: readonly string[] }> = {
  booking_requested: { subject: 'booking', waiting: ['requested', 'school_approved'] },
  booking_needs_approval: { subject: 'booking', waiting: ['requested'] },
  invitation_received: { subject: 'invitation', waiting: ['pending'] },
  outreach_received: { subject: 'invitation', waiting: ['pending'] },
  invitation_countered: { subject: 'invitation', waiting: ['countered'] },
};
const kindsAbout = (subject: 'booking' | 'invitation') =>
  Object.entries(AWAITING).flatMap(([kind, a]) => (a.subject === subject ? [kind] : []));

/** The id a notice's dedupe key names (`booking:<uuid>:<event>:<user>`), or null: never a failing cast. */
const subjectId = (prefix: string) =>
  sql`case when ${notifications.dedupeKey} ~ ${`^${prefix}:[0-9a-f-]{36}:`} then split_part(${notifications.dedupeKey}, ':', 2)::uuid end`;

export type HandledAs =
  | { subject: 'booking'; status: BookingStatus }
  | { subject: 'invitation'; status: InvitationStatus }
  | null;

/**
 * A user's notices, newest first: `limit` of them after skipping `offset` (the inbox pages through them). A request
 * already answered says where it stands now (`handledAs`).
 */
export async function listNotices(db: Database, userId: string, limit = 100, offset = 0) {
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      params: notifications.params,
      link: notifications.link,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      subjectStatus: sql<string | null>`case
        when ${notifications.kind} in ${kindsAbout('booking')}
          then (select ${bookings.status}::text from ${bookings} where ${bookings.id} = ${subjectId('booking')})
        when ${notifications.kind} in ${kindsAbout('invitation')}
          then (select ${invitations.status}::text from ${invitations} where ${invitations.id} = ${subjectId('invitation')})
      end`,
    })
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
    .offset(offset);
  return rows.map(({ subjectStatus, ...notice }) => {
    const awaiting = AWAITING[notice.kind];
    const handledAs =
      awaiting && subjectStatus !== null && !awaiting.waiting.includes(subjectStatus)
        ? ({ subject: awaiting.subject, status: subjectStatus } as HandledAs)
        : null;
    return { ...notice, handledAs };
  });
}

export async function countNotices(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(eq(notifications.userId, userId));
  return row?.n ?? 0;
}

export async function countUnread(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export async function markAllRead(db: Database, userId: string, now: Date): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}

/**
 * Marks as read a person's notices about one thing (their dedupe keys begin with `about`, e.g. `booking:<id>:`): once
 * they have acted on it, "please answer by …" is no longer news. The time is the database's, as the step's commit.
 */
export async function markReadAbout(db: Database, userId: string, about: string): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        sql`starts_with(${notifications.dedupeKey}, ${about})`,
      ),
    );
}

/**
 * Several notices in three statements whatever their number (in-app rows, the addresses, the e-mails) — for busy
 * paths such as a booking, which tells the teacher and every operator of the venue at once. Same rules as sendNotice.
 */
export async function sendNotices(db: Database, notices: readonly Notice[], publicUrl = ''): Promise<number> {
  if (notices.length === 0) return 0;
  const inserted = await db
    .insert(notifications)
    .values(
      notices.map((notice) => ({
        userId: notice.userId,
        kind: notice.kind,
        params: notice.params ?? {},
        link: notice.link ?? null,
        dedupeKey: notice.dedupeKey,
      })),
    )
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning({ dedupeKey: notifications.dedupeKey });
  const fresh = new Set(inserted.map((row) => row.dedupeKey));
  const mailed = notices.filter((n) => fresh.has(n.dedupeKey) && n.email !== false);
  if (mailed.length === 0) return inserted.length;
  const people = await db
    .select({ id: users.id, email: users.email, locale: users.locale })
    .from(users)
    .where(inArray(users.id, [...new Set(mailed.map((n) => n.userId))]));
  const byId = new Map(people.map((p) => [p.id, p]));
  const emails = mailed.flatMap((notice) => {
    const person = byId.get(notice.userId);
    return person ? emailOf(notice, person, publicUrl) : [];
  });
  if (emails.length > 0) {
    await db.insert(emailOutbox).values(emails).onConflictDoNothing({ target: emailOutbox.dedupeKey });
  }
  return inserted.length;
}
