import { and, asc, eq, lt, notInArray, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Database } from '#db/client.ts';
import { emailOutbox } from '#db/schema/index.ts';
import type { Logger } from './logger.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  body: string;
}

export interface Mailer {
  /** `smtp`, or `log` when no SMTP_URL is set. */
  readonly kind: 'smtp' | 'log';
  send(email: OutgoingEmail & { id: string }): Promise<void>;
}

/** Sends over SMTP when SMTP_URL is set; otherwise writes the e-mail to the log (without its address). */
export function createMailer(
  smtpUrl: string | undefined,
  log: Logger,
  from = 'Social Classroom <noreply@social-classroom.example>',
): Mailer {
  if (!smtpUrl) {
    return {
      kind: 'log',
      send: async (email) => {
        log.info(
          { emailId: email.id, subject: email.subject, body: email.body },
          'e-mail (no SMTP_URL: logged, not sent)',
        );
      },
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    kind: 'smtp',
    send: async (email) => {
      await transport.sendMail({ from, to: email.to, subject: email.subject, text: email.body });
    },
  };
}

const MAX_ATTEMPTS = 5;

/**
 * Sends pending e-mails from the outbox. Each row is claimed with a row lock (SKIP LOCKED) so that two servers never
 * send the same e-mail; a failure is retried up to five times, then marked failed.
 */
export async function deliverPendingEmails(
  db: Database,
  mailer: Mailer,
  now: Date,
  log: Logger,
  batch = 20,
): Promise<number> {
  let sent = 0;
  // An e-mail that failed is retried on a later run, not again in this one.
  const tried: string[] = [];
  for (let i = 0; i < batch; i++) {
    const delivered = await db.transaction(async (tx) => {
      const [email] = await tx
        .select()
        .from(emailOutbox)
        .where(
          and(
            eq(emailOutbox.status, 'pending'),
            lt(emailOutbox.attempts, MAX_ATTEMPTS),
            tried.length ? notInArray(emailOutbox.id, tried) : undefined,
          ),
        )
        .orderBy(asc(emailOutbox.createdAt), asc(emailOutbox.id))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!email) return null;
      tried.push(email.id);
      try {
        await mailer.send({ id: email.id, to: email.toAddress, subject: email.subject, body: email.body });
        await tx
          .update(emailOutbox)
          .set({ status: 'sent', sentAt: now, attempts: sql`${emailOutbox.attempts} + 1` })
          .where(eq(emailOutbox.id, email.id));
        return true;
      } catch (error) {
        const attempts = email.attempts + 1;
        log.warn({ emailId: email.id, attempts, err: error }, 'e-mail not sent');
        await tx
          .update(emailOutbox)
          .set({
            attempts,
            lastError: String(error).slice(0, 500),
            status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
          })
          .where(eq(emailOutbox.id, email.id));
        return false;
      }
    });
    if (delivered === null) break;
    if (delivered) sent++;
  }
  return sent;
}
