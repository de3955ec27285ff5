import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useLocation } from '@remix-run/react';
import { ClusterMap } from '#app/components/cluster-map.tsx';
import { gradeList } from '#app/components/invitations.tsx';
import { Badge, ButtonLink, Card, PageHeader } from '#app/components/ui.tsx';
import { speakerProfile } from '#app/domain/catalogue/discovery.server.ts';
import { schoolOf, speakerServesSchool } from '#app/domain/speakers/speakers.server.ts';
import type { MessageKey } from '#app/i18n/index.ts';
import { getUser } from '#app/utils/auth.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n, useRegionName } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { hasPermission } from '#app/utils/permissions.ts';
import { themeLabel } from '#app/utils/themes.ts';
import { shanghaiDay } from '#app/utils/time.ts';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle({ data, matches }) },
  { name: 'description', content: data?.description ?? '' },
];

/** A speaker's public page: category, topics, service area, languages. Contact details are never on it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const [t, user] = await Promise.all([getServerT(request), getUser(request, context)]);
  const profile = await speakerProfile(context.db, params.id ?? '');
  if (!profile) throw new Response(t('speakers.notFound'), { status: 404 });
  // As on the topic menu: only a teacher or school admin with a school invites; everyone else keeps the menu link.
  const school = hasPermission(user, 'create:invitation:own-school')
    ? await schoolOf(context.db, user)
    : null;
  const vettedUntil = profile.speaker.vettedUntil;
  // Today in Beijing on the server's clock: the badge and the invite button judge the vetting on the same day.
  const vetted = vettedUntil !== null && vettedUntil >= shanghaiDay(context.clock.now());
  return {
    pageTitle: `${profile.speaker.displayName} · ${t('speakers.list.title')} · ${t('site.name')}`,
    description: profile.speaker.bio.slice(0, 160),
    signedIn: user !== null,
    vetted,
    invite: school
      ? {
          vetted,
          servesSchool: await speakerServesSchool(context.db, profile.speaker.id, school),
          schoolRegion: school.regionCode,
        }
      : null,
    ...profile,
  };
}

/**
 * Where the header's invite button leads: the form when there is one topic to ask for, else this page's topics; the
 * topic menu for those without a school. None when the viewer's school cannot invite this speaker (the topics say why).
 */
function inviteTarget(
  invite: { vetted: boolean; servesSchool: boolean } | null,
  topics: readonly { id: string }[],
): string | null {
  if (!invite) return '/speakers/topics';
  if (!(invite.vetted && invite.servesSchool)) return null;
  const [only] = topics;
  if (!only) return '/speakers/topics';
  return topics.length === 1 ? inviteLink(only.id) : '#topics';
}

function inviteLink(topicId: string): string {
  return `/invitations/new?${new URLSearchParams({ topic: topicId })}`;
}

export default function SpeakerPage() {
  const { speaker, topics, serviceRegions, invite, signedIn, vetted } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const location = useLocation();
  // Someone not signed in is asked to sign in first, and comes back here.
  const signIn = `/login?redirectTo=${encodeURIComponent(location.pathname)}`;
  const target = signedIn ? inviteTarget(invite, topics) : signIn;
  const placeName = useRegionName();
  return (
    <>
      <PageHeader
        title={speaker.displayName}
        lead={
          <>
            {t(`speakerCategory.${speaker.category}` as MessageKey)}
            {speaker.title ? ` · ${speaker.title}` : ''} ·{' '}
            <Link to={`/regions/${speaker.regionCode}`}>
              {placeName({ code: speaker.regionCode, name: speaker.regionName })}
            </Link>
          </>
        }
        actions={
          target ? (
            <ButtonLink to={target} variant="secondary">
              {signedIn ? t('speakers.public.invite') : t('speakers.public.signInToInvite')}
            </ButtonLink>
          ) : null
        }
      />
      <p className="chips">
        {vetted && speaker.vettedUntil ? (
          <Badge tone="good">{t('speakers.public.vetted', { date: format.date(speaker.vettedUntil) })}</Badge>
        ) : null}{' '}
        {speaker.languages.map((l) => (
          <Badge key={l}>{t(`language.${l}` as MessageKey)}</Badge>
        ))}
      </p>
      <div className="profile-grid">
        <div>
          {speaker.bio ? (
            <Card>
              <h2>{t('speakers.public.bio')}</h2>
              <p>{speaker.bio}</p>
            </Card>
          ) : null}
          <Card>
            <h2 id="topics">{t('speakers.list.topics')}</h2>
            {invite && !(invite.vetted && invite.servesSchool) ? (
              <p className="field-hint">
                {invite.vetted ? t('speakers.menu.outsideArea') : t('speakers.menu.cannotInviteYet')}{' '}
                <Link to={`/speakers/topics?${new URLSearchParams({ region: invite.schoolRegion })}`}>
                  {t('speakers.public.servingSchool')}
                </Link>
              </p>
            ) : null}
            {signedIn ? null : (
              <p className="field-hint">
                {t('speakers.menu.signInToInvite')} <Link to={signIn}>{t('nav.signIn')}</Link>
              </p>
            )}
            <ul className="result-list">
              {topics.map((topic) => (
                <li key={topic.id}>
                  <h3>{topic.title}</h3>
                  <p>{topic.summary}</p>
                  <p className="result-meta">
                    <span>
                      {t('venue.profile.grades', { grades: gradeList(topic.grades, { t, format }) })}
                    </span>
                    <span>{t('venue.profile.duration', { minutes: topic.durationMinutes })}</span>
                    <span>{t(`language.${topic.language}` as MessageKey)}</span>
                    {topic.themes.map((theme) => (
                      <Badge key={theme} tone="info">
                        {themeLabel(t, theme)}
                      </Badge>
                    ))}
                  </p>
                  {invite?.vetted && invite.servesSchool ? (
                    <ButtonLink
                      to={inviteLink(topic.id)}
                      aria-label={t('speakers.menu.inviteTopic', { title: topic.title })}
                    >
                      {t('speakers.menu.invite')}
                    </ButtonLink>
                  ) : null}
                </li>
              ))}
            </ul>
          </Card>
        </div>
        <div>
          {speaker.location ? (
            <ClusterMap
              className="cluster-map-small"
              label={t('speakers.list.mapLabel')}
              points={[
                {
                  id: speaker.id,
                  lat: speaker.location.lat,
                  lng: speaker.location.lng,
                  label: placeName({ code: speaker.regionCode, name: speaker.regionName }),
                },
              ]}
            />
          ) : null}
          <Card>
            <p>
              {t('speakers.list.serves', {
                area:
                  serviceRegions.length > 0
                    ? format.list(serviceRegions.map(placeName))
                    : speaker.serviceRadiusKm
                      ? t('speakers.list.servesRadius', { km: speaker.serviceRadiusKm })
                      : t('speakers.list.servesAll'),
              })}
            </p>
            <p>
              {t('speakers.public.languages', {
                languages: format.list(speaker.languages.map((l) => t(`language.${l}` as MessageKey))),
              })}
            </p>
            <p className="muted">{t('speakers.public.privacy')}</p>
          </Card>
        </div>
      </div>
    </>
  );
}
