import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Card, PageHeader } from '#app/components/ui.tsx';
import type { MessageKey } from '#app/i18n/index.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const t = await getServerT(request);
  return {
    pageTitle: `${t('privacy.title')} · ${t('site.name')}`,
    contactEmail: context.config.contactEmail ?? null,
  };
}

/** What the site keeps about people, who sees it, and what it never keeps: each section a heading and its points. */
const SECTIONS: { heading: MessageKey; points: MessageKey[] }[] = [
  { heading: 'privacy.children.heading', points: ['privacy.children.counts', 'privacy.children.sheet'] },
  {
    heading: 'privacy.kept.heading',
    points: [
      'privacy.kept.account',
      'privacy.kept.password',
      'privacy.kept.sessions',
      'privacy.kept.bookings',
      'privacy.kept.speakers',
      'privacy.kept.audit',
      'privacy.kept.email',
    ],
  },
  {
    heading: 'privacy.seen.heading',
    points: ['privacy.seen.roles', 'privacy.seen.speakers', 'privacy.seen.requests', 'privacy.seen.figures'],
  },
  {
    heading: 'privacy.browser.heading',
    points: ['privacy.browser.cookies', 'privacy.browser.tracking', 'privacy.browser.map'],
  },
  {
    heading: 'privacy.rights.heading',
    points: ['privacy.rights.correct', 'privacy.rights.disable', 'privacy.rights.leaveSchool'],
  },
];

export default function Privacy() {
  const { contactEmail } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div style={{ maxWidth: 760 }}>
      <PageHeader title={t('privacy.title')} lead={t('privacy.lead')} />
      {SECTIONS.map((section) => (
        <Card key={section.heading}>
          <h2>{t(section.heading)}</h2>
          <ul>
            {section.points.map((point) => (
              <li key={point}>{t(point)}</li>
            ))}
          </ul>
        </Card>
      ))}
      <Card>
        <h2>{t('privacy.contact.heading')}</h2>
        {contactEmail ? (
          <p>
            {t('privacy.contact.email')} <a href={`mailto:${contactEmail}`}>{contactEmail}</a>
          </p>
        ) : (
          <p>{t('privacy.contact.none')}</p>
        )}
      </Card>
    </div>
  );
}
