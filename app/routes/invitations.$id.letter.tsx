import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { gradeList } from '#app/components/invitations.tsx';
import { getInvitationView } from '#app/domain/speakers/invitations.server.ts';
import { requireUser } from '#app/utils/auth.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** A letter of thanks for a talk that was held, styled for printing (the site's header and footer drop away). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const now = context.clock.now();
  const view = await getInvitationView(context.db, user, params.id ?? '', now);
  if (view?.invitation.status !== 'completed') throw new Response('Not found', { status: 404 });
  const t = await getServerT(request);
  const { invitation } = view;
  return {
    pageTitle: `${t('invitation.letter.title')} · ${invitation.host}`,
    letter: {
      id: invitation.id,
      host: invitation.host,
      kind: invitation.kind,
      title: invitation.title,
      school: invitation.schoolName,
      teacher: invitation.teacherName,
      audience: invitation.audienceSize,
      grades: invitation.grades,
      heldAt: invitation.scheduledStartsAt,
      feedback: invitation.feedbackText,
      written: invitation.completedAt ?? now,
    },
  };
}

export default function ThankYouLetter() {
  const { letter } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <article className="letter">
      <p className="no-print actions-row">
        <Link to={`/invitations/${letter.id}`}>{t('common.back')}</Link>
        <span className="muted">{t('invitation.letter.printHint')}</span>
      </p>
      <h1>{t('invitation.letter.title')}</h1>
      <p className="letter-salutation">{t('invitation.letter.dear', { name: letter.host })}</p>
      <p>
        {t(letter.kind === 'speaker' ? 'invitation.letter.bodyTalk' : 'invitation.letter.bodyOutreach', {
          date: letter.heldAt ? format.date(letter.heldAt) : '',
          school: letter.school,
          title: letter.title,
          audience: letter.audience,
          grades: gradeList(letter.grades, { t, format }),
        })}
      </p>
      {letter.feedback ? <blockquote className="letter-quote">{letter.feedback}</blockquote> : null}
      <p>{t('invitation.letter.closing')}</p>
      <p className="letter-signature">
        {letter.school}
        <br />
        {letter.teacher}
        <br />
        {format.date(letter.written)}
      </p>
    </article>
  );
}
