import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import {
  Button,
  Card,
  EmptyState,
  IgnoredFilters,
  PageHeader,
  SelectField,
  TextField,
} from '#app/components/ui.tsx';
import { auditActionLabel } from '#app/domain/audit/actions.ts';
import { auditEntityLabel } from '#app/domain/audit/entities.ts';
import { auditVocabulary, listAuditEntries } from '#app/domain/bureau/audit-log.server.ts';
import { AuditFilterSchema } from '#app/domain/bureau/schemas.ts';
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
  const [vocabulary, page] = await Promise.all([
    auditVocabulary(context.db, scope),
    listAuditEntries(context.db, scope, query),
  ]);
  return {
    pageTitle: `${t('bureau.audit.title')} · ${t('bureau.home.title')}`,
    page,
    vocabulary,
    fields: problems,
    ignored,
  };
}

/** An instant as the database writes it into JSON (UTC, ISO 8601). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A before/after record; instants in it read in Beijing time, as everywhere else on the site. */
function Json({ value }: { value: unknown }) {
  const { format } = useI18n();
  if (value === null || value === undefined) return <span className="muted">—</span>;
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'string' && INSTANT.test(v) ? format.dateTime(v) : v),
    2,
  );
  return <pre className="json">{text}</pre>;
}

/** An action by name, with its code under it as the action filter takes it (an unknown action is only its code). */
function ActionName({ action }: { action: string }) {
  const { t } = useI18n();
  const label = auditActionLabel(t, action);
  if (label === action) return <code>{action}</code>;
  return (
    <>
      {label}
      <div className="muted small mono">{action}</div>
    </>
  );
}

export default function AuditLog() {
  const { page, vocabulary, fields, ignored } = useLoaderData<typeof loader>();
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
          <TextField
            label={t('bureau.audit.action')}
            hint={t('bureau.audit.actionHint')}
            name="action"
            defaultValue={value('action')}
            list="audit-actions"
            error={fields.action}
          />
          <datalist id="audit-actions">
            {vocabulary.actions.map((a) => (
              <option key={a} value={a}>
                {auditActionLabel(t, a)}
              </option>
            ))}
          </datalist>
          <SelectField
            label={t('bureau.audit.entity')}
            name="entity"
            defaultValue={value('entity')}
            options={[
              { value: '', label: t('bureau.audit.anyEntity') },
              ...vocabulary.entities
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
          <EmptyState title={t('bureau.audit.empty')} />
        </Card>
      ) : (
        <div className="table-wrap">
          <table className="data audit" id="table-audit">
            <thead>
              <tr>
                <th scope="col">{t('bureau.audit.at')}</th>
                <th scope="col">{t('bureau.audit.who')}</th>
                <th scope="col">{t('bureau.audit.action')}</th>
                <th scope="col">{t('bureau.audit.entity')}</th>
                <th scope="col">{t('bureau.col.region')}</th>
                <th scope="col">{t('bureau.audit.changes')}</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((e) => (
                <tr key={e.id}>
                  <td>{format.dateTime(e.at)}</td>
                  <td>
                    {e.actorName ?? t('bureau.audit.system')}
                    {e.actorEmail ? <div className="muted small">{e.actorEmail}</div> : null}
                  </td>
                  <td>
                    <ActionName action={e.action} />
                  </td>
                  <td>
                    {auditEntityLabel(t, e.entityType)}
                    {e.entityId ? <div className="muted small mono">{e.entityId}</div> : null}
                  </td>
                  <td>
                    {e.regionCode && e.regionName
                      ? placeName({ code: e.regionCode, name: e.regionName })
                      : '—'}
                  </td>
                  <td>
                    {e.before || e.after ? (
                      <details>
                        <summary>{t('bureau.audit.changes')}</summary>
                        <div className="audit-diff">
                          <div>
                            <strong>{t('bureau.audit.before')}</strong>
                            <Json value={e.before} />
                          </div>
                          <div>
                            <strong>{t('bureau.audit.after')}</strong>
                            <Json value={e.after} />
                          </div>
                        </div>
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
