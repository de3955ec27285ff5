import { type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { gradeOptions } from '#app/components/filter-options.ts';
import { gradeList } from '#app/components/invitations.tsx';
import { PointsMap } from '#app/components/points-map.tsx';
import {
  Badge,
  ButtonLink,
  Card,
  EmptyState,
  IgnoredFilters,
  PageHeader,
  Pager,
  SelectField,
  TextField,
} from '#app/components/ui.tsx';
import { listOutreachPrograms, OUTREACH_PAGE_SIZE } from '#app/domain/speakers/outreach.server.ts';
import { schoolOf } from '#app/domain/speakers/speakers.server.ts';
import { getUser } from '#app/utils/auth.server.ts';
import { wholeNumber } from '#app/utils/form-numbers.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { hasPermission } from '#app/utils/permissions.ts';
import { lastPageUrl, pageCount, parseFilters } from '#app/utils/query.ts';
import { themeLabel } from '#app/utils/themes.ts';
import { blank } from '#app/utils/validation.ts';
import { GRADE_MAX, GRADE_MIN } from '#db/schema/enums.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

const QuerySchema = z.object({
  q: z.preprocess(blank, z.string().trim().max(60).optional()),
  grade: z.preprocess(blank, wholeNumber(GRADE_MIN, GRADE_MAX).optional()),
  page: z.preprocess(blank, wholeNumber(1, 1000).default(1)),
});

/** Programs venues bring to schools (进校园), nearest to the teacher's school first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const [user, t] = await Promise.all([getUser(request, context), getServerT(request)]);
  const url = new URL(request.url);
  const { query, ignored } = parseFilters(QuerySchema, Object.fromEntries(url.searchParams), t, {
    labels: { q: 'speakers.menu.q', grade: 'speakers.menu.grade', page: 'search.field.page' },
    fallback: { page: 1 },
  });
  const school = await schoolOf(context.db, user);
  const list = await listOutreachPrograms(context.db, query, school);
  const pages = pageCount(list.total, OUTREACH_PAGE_SIZE);
  const pastEnd = lastPageUrl(url, query.page, pages);
  if (pastEnd) throw redirect(pastEnd);
  return {
    pageTitle: `${t('outreach.menu.title')} · ${t('site.name')}`,
    query,
    ignored,
    list,
    pages,
    canRequest: hasPermission(user, 'create:invitation:own-school') && school !== null,
  };
}

export default function OutreachMenu() {
  const { query, ignored, list, pages, canRequest } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const pageLink = (page: number) =>
    `?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), ...(query.grade !== undefined ? { grade: String(query.grade) } : {}), page: String(page) })}`;
  return (
    <>
      <PageHeader
        title={t('outreach.menu.title')}
        lead={t('outreach.menu.lead')}
        actions={
          <ButtonLink to="/speakers/topics" variant="secondary">
            {t('speakers.menu.title')}
          </ButtonLink>
        }
      />
      <Card className="filters">
        <Form method="get" className="filter-form">
          <TextField
            label={t('speakers.menu.q')}
            name="q"
            type="search"
            defaultValue={query.q ?? ''}
            maxLength={60}
          />
          <SelectField
            label={t('speakers.menu.grade')}
            name="grade"
            defaultValue={query.grade === undefined ? '' : String(query.grade)}
            options={gradeOptions(t)}
          />
          <button type="submit" className="btn btn-primary">
            {t('speakers.menu.filter')}
          </button>
        </Form>
      </Card>
      <IgnoredFilters ignored={ignored} />
      <p className="result-count">{t('outreach.menu.count', { count: list.total })}</p>
      <PointsMap
        label={t('outreach.menu.map')}
        points={list.programs.flatMap((p) =>
          p.venueLat === null || p.venueLng === null
            ? []
            : [
                {
                  lat: p.venueLat,
                  lng: p.venueLng,
                  label: t('common.labelled', { label: p.venueName, value: p.title }),
                },
              ],
        )}
      />
      {list.programs.length === 0 ? (
        <Card>
          <EmptyState title={t('speakers.menu.empty')} />
        </Card>
      ) : (
        <ul className="topic-grid">
          {list.programs.map((program) => (
            <Card as="li" key={program.id} className="topic-card">
              <h2 className="topic-title">{program.title}</h2>
              <p className="topic-speaker">
                <strong>{program.venueName}</strong> · {t(`venueType.${program.venueType}`)}
              </p>
              <p className="topic-summary">{program.summary}</p>
              <p className="chips">
                {program.themes.map((theme) => (
                  <Badge key={theme} tone="info">
                    {themeLabel(t, theme)}
                  </Badge>
                ))}{' '}
                <Badge>{t('common.minutes', { count: program.durationMinutes })}</Badge>{' '}
                <Badge>{t('outreach.menu.perDay', { count: program.outreachPerDay })}</Badge>
              </p>
              <p className="muted">
                {t('common.labelled', {
                  label: t('speakers.menu.grades'),
                  value: gradeList(program.grades, { t, format }),
                })}
                {program.distanceKm !== null
                  ? ` · ${t('speakers.menu.distance', { km: program.distanceKm })}`
                  : ''}
              </p>
              {canRequest ? (
                <ButtonLink to={`/invitations/new?program=${program.id}`}>
                  {t('outreach.menu.request')}
                </ButtonLink>
              ) : null}
            </Card>
          ))}
        </ul>
      )}
      <Pager page={query.page} pages={pages} href={pageLink} />
      {!canRequest ? <p className="muted">{t('outreach.menu.signInToRequest')}</p> : null}
    </>
  );
}
