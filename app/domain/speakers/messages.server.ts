import type { TFunction } from '#app/i18n/index.ts';
import { type ExistingInvitation, type Failure, formatWhen } from './invitations.server.ts';

/**
 * A school's invitations for a topic that wait for an answer, in words: "（张老师于 2030-03-04 10:00 发出，待答复）";
 * nothing for none. Each holds a comma of its own, so they are set apart with a semicolon. `when` writes the time
 * sent: a page passes its locale's (2030/3/4 10:00), as it writes every other time.
 */
export function openInvitationsText(
  t: TFunction,
  existing: readonly Pick<ExistingInvitation, 'teacher' | 'sentAt' | 'status'>[],
  when: (instant: Date) => string = formatWhen,
): string {
  if (existing.length === 0) return '';
  const list = existing
    .map((i) =>
      t('invitation.already.item', {
        teacher: i.teacher,
        when: when(i.sentAt),
        status: t(`invitationStatus.${i.status}`),
      }),
    )
    .join(t('invitation.already.separator'));
  return t('invitation.already.list', { list });
}

/** A refused invitation in the reader's language, with what it names. */
export function invitationFailureMessage(
  t: TFunction,
  failure: Pick<Failure, 'error' | 'existing' | 'kind'>,
  when?: (instant: Date) => string,
): string {
  if (failure.error === 'already_invited')
    return t(
      failure.kind === 'outreach' ? 'outreach.error.already_requested' : 'invitation.error.already_invited',
      { invitations: openInvitationsText(t, failure.existing ?? [], when) },
    );
  return t(`invitation.error.${failure.error}`);
}
