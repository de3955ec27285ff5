import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ButtonLink, Card, Stat } from '#app/components/ui.tsx';
import { getCatalogueCounts } from '#app/domain/catalogue/catalogue.server.ts';
import type { MessageKey } from '#app/i18n/index.ts';
import { getUser } from '#app/utils/auth.server.ts';
import { homesOf } from '#app/utils/home.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle({ data, matches }) },
  { name: 'description', content: data?.description ?? '' },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [t, counts, user] = await Promise.all([
    getServerT(request),
    getCatalogueCounts(context.db, context.clock.now()),
    getUser(request, context),
  ]);
  return {
    counts,
    pageTitle: t('home.title'),
    description: t('home.lead'),
    /** A signed-in person's way back to their work; visitors see the page as it is. */
    desk: user ? { name: user.name, homes: homesOf(user.roles) } : null,
  };
}

const ROLE_CARDS: {
  role: 'teacher' | 'school_admin' | 'venue_operator' | 'speaker' | 'auditor' | 'public';
  text: MessageKey;
}[] = [
  { role: 'teacher', text: 'home.role.teacher' },
  { role: 'school_admin', text: 'home.role.school_admin' },
  { role: 'venue_operator', text: 'home.role.venue_operator' },
  { role: 'speaker', text: 'home.role.speaker' },
  { role: 'auditor', text: 'home.role.auditor' },
  { role: 'public', text: 'home.role.public' },
];

export default function Home() {
  const { counts, desk } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <>
      <section className="hero">
        <h1>{t('home.heading')}</h1>
        <p>{t('home.lead')}</p>
        <form
          className="hero-search"
          method="get"
          action="/search"
          role="search"
          aria-label={t('home.searchLabel')}
        >
          <label htmlFor="home-q" className="visually-hidden">
            {t('home.searchLabel')}
          </label>
          <input id="home-q" type="search" name="q" placeholder={t('search.placeholder')} maxLength={100} />
          <button type="submit" className="btn">
            {t('search.submit')}
          </button>
        </form>
      </section>

      {desk ? (
        <section className="home-desk" aria-labelledby="desk-title">
          <Card>
            <h2 id="desk-title">{t('home.desk.title')}</h2>
            {desk.homes.length > 0 ? (
              <>
                <p>{t('home.desk.lead', { name: desk.name })}</p>
                <div className="row-actions">
                  {desk.homes.map((home) => (
                    <ButtonLink key={home.role} to={home.path}>
                      {t('home.desk.go', { role: t(`role.${home.role}`), place: t(home.label) })}
                    </ButtonLink>
                  ))}
                </div>
              </>
            ) : (
              <>
                <p>{t('home.desk.noRole', { name: desk.name })}</p>
                <ButtonLink to="/account">{t('nav.account')}</ButtonLink>
              </>
            )}
          </Card>
        </section>
      ) : null}

      <section aria-labelledby="counts-title">
        <h2 id="counts-title">{t('home.countsTitle')}</h2>
        <div className="stats">
          <Stat value={format.number(counts.venues)} label={t('home.countVenues')} />
          <Stat value={format.number(counts.freeVenues)} label={t('home.countFree')} />
          <Stat value={format.number(counts.openDaysNext30)} label={t('home.countOpenDays')} />
          <Stat value={format.number(counts.speakers)} label={t('home.countSpeakers')} />
        </div>
      </section>

      <section className="section" aria-labelledby="roles-title">
        <h2 id="roles-title">{t('home.rolesTitle')}</h2>
        <div className="grid">
          {ROLE_CARDS.map((card) => (
            <Card key={card.role} className="role-card">
              <h3>{t(`role.${card.role}`)}</h3>
              <p>{t(card.text)}</p>
              {card.role === 'public' ? (
                <ButtonLink to="/search" variant="secondary">
                  {t('home.browse')}
                </ButtonLink>
              ) : desk ? null : (
                <ButtonLink to="/login" variant="secondary">
                  {t('home.signInAs')}
                </ButtonLink>
              )}
            </Card>
          ))}
        </div>
      </section>

      <section className="section">
        <p className="muted">{t('home.policy')}</p>
      </section>
    </>
  );
}
