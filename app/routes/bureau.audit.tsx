import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import {
  Button,
  Card,
  EmptyState,
  IgnoredFilters,
  PageHeader,
  SelectField,
  type SelectOption,
  TextField,
} from '#app/components/ui.tsx';
import {
  auditActionGroup,
  auditActionGroupLabel,
  auditActionLabel,
  isAuditActionFilter,
} from '#app/domain/audit/actions.ts';
import { auditEntityLabel, isAuditEntityFilter } from '#app/domain/audit/entities.ts';
import {
  type AuditEntryView,
  auditVocabulary,
  listAuditEntries,
} from '#app/domain/bureau/audit-log.server.ts';
import type { AuditSubjectPage } from '#app/domain/bureau/audit-subjects.server.ts';
import { AuditFilterSchema } from '#app/domain/bureau/schemas.ts';
import { commitmentTerms } from '#app/domain/commitments/terms.ts';
import type { TFunction } from '#app/i18n/index.ts';
import { requireBureau } from '#app/utils/bureau.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n, useRegionName } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { type FilterLabels, parseFilters } from '#app/utils/query.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

const auditFilterLabels: FilterLabels<typeof AuditFilterSchema> = {
  who: 'bureau.audit.who',
  action: 'bureau.audit.action',
  entity: 'bureau.audit.entity',
  entityId: 'bureau.audit.entityId',
  from: 'bureau.audit.from',
  to: 'bureau.audit.to',
  before: 'bureau.audit.page',
};

/**
 * The append-only audit log, scoped to the auditor's region, filtered by who, action, entity and dates. A filter that
 * does not parse is dropped and named (at its field too), and the others still apply, as on /search.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { scope } = await requireBureau(request, context, 'read:audit:region');
  const t = await getServerT(request);
  const params = new URL(request.url).searchParams;
  const raw = Object.fromEntries(
    Object.keys(auditFilterLabels).flatMap((key) => {
      const value = params.get(key);
      return value === null ? [] : [[key, value]];
    }),
  );
  const { query, problems, ignored } = parseFilters(AuditFilterSchema, raw, t, {
    labels: auditFilterLabels,
    fallback: {},
  });
  const vocabulary = await auditVocabulary(context.db, scope);
  // An action or entity that no entry could have (?action=nope) is a bad filter like a bad date: dropped and named.
  const unknown = {
    action: query.action !== undefined && !isAuditActionFilter(query.action, vocabulary.actions),
    entity: query.entity !== undefined && !isAuditEntityFilter(query.entity, vocabulary.entities),
  };
  for (const field of ['action', 'entity'] as const) {
    if (!unknown[field]) continue;
    problems[field] = t('validation.choice');
    ignored.push({ field, label: t(auditFilterLabels[field]), message: problems[field] });
  }
  const applied = {
    ...query,
    action: unknown.action ? undefined : query.action,
    entity: unknown.entity ? undefined : query.entity,
  };
  return {
    pageTitle: `${t('bureau.audit.title')} · ${t('bureau.home.title')}`,
    page: await listAuditEntries(context.db, scope, applied),
    vocabulary,
    // The choices as applied: a dropped one is not offered back as an option.
    chosen: { action: applied.action ?? '', entity: applied.entity ?? '' },
    fields: problems,
    ignored,
    // Whether any filter (or a page further back) narrows the list: an empty log is not "nothing matches".
    filtered: Object.values(applied).some((v) => v !== undefined && v !== ''),
  };
}

/** An instant as the database writes it into JSON (UTC, ISO 8601). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The fields the log keeps a price in, in fen as every table does (standardPricePerPupil, fixedPrice,
 * chargedPricePerChaperone…): shown in yuan, so that 5000 is read as ¥50, not as five thousand.
 */
const PRICE_FIELD = /^(?:fixedPrice|(?:standard|promised|charged)PricePer(?:Pupil|Chaperone))$/;

/**
 * One recorded value as a reader takes it in: instants in Beijing time, prices in yuan, yes/no, lists as lists,
 * nothing as a dash.
 */
function RecordedValue({ field, value }: { field: string; value: unknown }) {
  const { t, format } = useI18n();
  const text = (v: unknown): string =>
    v === null || v === undefined
      ? '—'
      : typeof v === 'string'
        ? INSTANT.test(v)
          ? format.dateTime(v)
          : v
        : typeof v === 'boolean'
          ? t(v ? 'common.yes' : 'common.no')
          : typeof v === 'number'
            ? PRICE_FIELD.test(field) && Number.isInteger(v)
              ? format.yuan(v)
              : String(v)
            : Array.isArray(v) && v.every((item) => !isRecord(item) && !Array.isArray(item))
              ? v.length
                ? format.list(v.map(text))
                : '—'
              : JSON.stringify(v, (_key, inner: unknown) =>
                  typeof inner === 'string' && INSTANT.test(inner) ? format.dateTime(inner) : inner,
                );
  return <>{text(value)}</>;
}

/**
 * A before/after record as the fields that changed (every field of a record made or removed), each "before → after",
 * so that an auditor reads what moved rather than two blocks of JSON to compare by eye. The fields keep the log's own
 * names. A list, not a table: it sits inside the log's table, whose phone layout would take a table within apart.
 */
function Changes({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useI18n();
  if ((before != null && !isRecord(before)) || (after != null && !isRecord(after))) {
    // Not a record of fields (no caller writes one today): shown as it was kept.
    return <pre className="audit-raw">{JSON.stringify({ before, after }, null, 2)}</pre>;
  }
  const b = before ?? {};
  const a = after ?? {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const both = before != null && after != null;
  const changed = both ? keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])) : keys;
  const shown = changed.length ? changed : keys;
  return (
    <>
      {/* A record made (or removed) has one side: which one, said once above its fields. */}
      {both ? null : (
        <p className="audit-side">{t(after != null ? 'bureau.audit.after' : 'bureau.audit.before')}</p>
      )}
      <dl className="audit-changes">
        {shown.map((key) => (
          <div key={key}>
            <dt>
              <code>{key}</code>
            </dt>
            <dd>
              {both ? (
                <>
                  <span className="visually-hidden">{t('bureau.audit.before')} </span>
                  <span className="audit-old">
                    <RecordedValue field={key} value={b[key]} />
                  </span>
                  <span aria-hidden="true"> → </span>
                  <span className="visually-hidden">{t('bureau.audit.after')} </span>
                  <span className="audit-new">
                    <RecordedValue field={key} value={a[key]} />
                  </span>
                </>
              ) : (
                <span className={after != null ? 'audit-new' : 'audit-old'}>
                  <RecordedValue field={key} value={(after != null ? a : b)[key]} />
                </span>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** An action by name, its code as the log keeps it in the tooltip (an action of an older version is only its code). */
function ActionName({ action }: { action: string }) {
  const { t } = useI18n();
  const label = auditActionLabel(t, action);
  if (label === action) return <code>{action}</code>;
  return (
    <span className="audit-action" title={action}>
      {label}
    </span>
  );
}

/** Where an auditor opens what an entry is about. */
function subjectHref(page: AuditSubjectPage): string {
  switch (page.kind) {
    case 'venue':
      return `/venues/${page.slug}`;
    case 'speaker':
      return `/speakers/${page.id}`;
    case 'queue':
      return `/bureau/queue#item-${page.id}`;
    case 'info_report':
      return `/bureau/info-reports?status=${page.open ? 'open' : 'closed'}#report-${page.id}`;
    case 'requests':
      return '/bureau/requests';
  }
}

/** The entity by name (a link where the auditor can open it), what it belongs to, and a filter for its entries. */
function Subject({ entry }: { entry: Pick<AuditEntryView, 'entityType' | 'entityId' | 'subject'> }) {
  const { t, format } = useI18n();
  const placeName = useRegionName();
  const [params] = useSearchParams();
  const { subject, entityId } = entry;
  if (!subject) return entityId ? <div className="muted small mono">{entityId}</div> : null;
  const details = [
    subject.role ? t(`role.${subject.role}`) : null,
    subject.context,
    subject.place ? placeName(subject.place) : null,
    subject.terms ? commitmentTerms(t, subject.terms) : null,
    subject.at ? format.dateTime(subject.at) : null,
  ].filter((part): part is string => Boolean(part));
  const same = new URLSearchParams({ entity: entry.entityType, entityId: entityId ?? '' });
  return (
    <>
      <div>{subject.page ? <Link to={subjectHref(subject.page)}>{subject.name}</Link> : subject.name}</div>
      {details.length ? <div className="muted small">{details.join(' · ')}</div> : null}
      {entityId && params.get('entityId') !== entityId ? (
        <Link className="small" to={`?${same}`}>
          {t('bureau.audit.sameEntity')}
        </Link>
      ) : null}
    </>
  );
}

/** The action filter: every action of the area as one choice, then each action, grouped by area and by name. */
function actionOptions(
  t: TFunction,
  locale: string,
  actions: readonly string[],
  chosen: string,
): (SelectOption | { group: string; options: SelectOption[] })[] {
  const byGroup = new Map<string, string[]>();
  for (const action of actions) {
    const group = auditActionGroup(action);
    byGroup.set(group, [...(byGroup.get(group) ?? []), action]);
  }
  const byLabel = (a: SelectOption, b: SelectOption) => a.label.localeCompare(b.label, locale);
  const groups = [...byGroup]
    .map(([group, members]) => {
      const label = auditActionGroupLabel(t, group);
      return {
        group: label,
        options: [
          { value: group, label: t('bureau.audit.actionGroupAll', { group: label }) },
          ...members.map((a) => ({ value: a, label: auditActionLabel(t, a) })).sort(byLabel),
        ],
      };
    })
    .sort((a, b) => a.group.localeCompare(b.group, locale));
  // A value from a link that this scope's log has no entry for stays chosen, by its name where it has one.
  const listed = chosen === '' || byGroup.has(chosen) || actions.includes(chosen);
  const named =
    auditActionLabel(t, chosen) !== chosen ? auditActionLabel(t, chosen) : auditActionGroupLabel(t, chosen);
  return [
    { value: '', label: t('bureau.audit.anyAction') },
    ...(listed ? [] : [{ value: chosen, label: named }]),
    ...groups,
  ];
}

export default function AuditLog() {
  const { page, vocabulary, chosen, fields, ignored, filtered } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, format, locale } = useI18n();
  const placeName = useRegionName();
  const value = (key: string) => params.get(key) ?? '';
  const older = new URLSearchParams(params);
  if (page.nextBefore) older.set('before', String(page.nextBefore));
  const newest = new URLSearchParams(params);
  newest.delete('before');
  return (
    <>
      <PageHeader title={t('bureau.audit.title')} lead={t('bureau.audit.lead')} />
      <IgnoredFilters ignored={ignored} />
      <Card>
        <Form method="get" className="form audit-filter">
          <TextField
            label={t('bureau.audit.who')}
            hint={t('bureau.audit.whoHint')}
            name="who"
            defaultValue={value('who')}
            error={fields.who}
          />
          <SelectField
            label={t('bureau.audit.action')}
            name="action"
            defaultValue={chosen.action}
            error={fields.action}
            options={actionOptions(t, locale, vocabulary.actions, chosen.action)}
          />
          <SelectField
            label={t('bureau.audit.entity')}
            name="entity"
            defaultValue={chosen.entity}
            error={fields.entity}
            options={[
              { value: '', label: t('bureau.audit.anyEntity') },
              ...[
                ...vocabulary.entities,
                ...(chosen.entity && !vocabulary.entities.includes(chosen.entity) ? [chosen.entity] : []),
              ]
                .map((e) => ({ value: e, label: auditEntityLabel(t, e) }))
                .sort((a, b) => a.label.localeCompare(b.label, locale)),
            ]}
          />
          <TextField
            label={t('bureau.audit.entityId')}
            name="entityId"
            defaultValue={value('entityId')}
            error={fields.entityId}
          />
          <TextField
            label={t('bureau.audit.from')}
            name="from"
            type="date"
            defaultValue={value('from')}
            error={fields.from}
          />
          <TextField
            label={t('bureau.audit.to')}
            name="to"
            type="date"
            defaultValue={value('to')}
            error={fields.to}
          />
          <div className="actions-row">
            <Button variant="secondary">{t('bureau.audit.filter')}</Button>
            <Link to="/bureau/audit">{t('bureau.audit.reset')}</Link>
          </div>
        </Form>
      </Card>
      {page.entries.length === 0 ? (
        <Card>
          <EmptyState title={filtered ? t('bureau.audit.empty') : t('bureau.audit.emptyLog')} />
        </Card>
      ) : (
        <div className="table-wrap">
          {/* On a phone each entry is a card headed by its time (see DataTable's stacked). */}
          <table className="data audit stacked" id="table-audit">
            <thead>
              <tr>
                <th scope="col">{t('bureau.audit.at')}</th>
                <th scope="col">{t('bureau.audit.who')}</th>
                <th scope="col">{t('bureau.audit.action')}</th>
                <th scope="col">{t('bureau.audit.subject')}</th>
                <th scope="col">{t('bureau.col.region')}</th>
                <th scope="col">{t('bureau.audit.changes')}</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((e) => (
                <tr key={e.id}>
                  <th scope="row" className="audit-when">
                    {format.dateTime(e.at)}
                  </th>
                  <td data-label={t('bureau.audit.who')}>
                    {e.actorName ?? t('bureau.audit.system')}
                    {e.actorEmail ? <div className="muted small">{e.actorEmail}</div> : null}
                  </td>
                  <td data-label={t('bureau.audit.action')}>
                    <ActionName action={e.action} />
                  </td>
                  <td data-label={t('bureau.audit.subject')}>
                    <div className="muted small">{auditEntityLabel(t, e.entityType)}</div>
                    <Subject entry={e} />
                  </td>
                  <td data-label={t('bureau.col.region')}>
                    {e.regionCode && e.regionName
                      ? placeName({ code: e.regionCode, name: e.regionName })
                      : '—'}
                  </td>
                  <td className="stacked-actions">
                    {e.before || e.after ? (
                      <details>
                        <summary>{t('bureau.audit.changes')}</summary>
                        <Changes before={e.before} after={e.after} />
                      </details>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="pager">
        {params.get('before') ? <Link to={`?${newest}`}>{t('bureau.audit.newest')}</Link> : null}
        {page.nextBefore ? <Link to={`?${older}`}>{t('bureau.audit.older')}</Link> : null}
      </p>
    </>
  );
}
