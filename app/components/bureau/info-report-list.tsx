import { Form, Link } from '@remix-run/react';
import type { InfoReportView } from '#app/domain/bureau/info-reports.server.ts';
import { REASON_MAX, type RefusedClose } from '#app/domain/bureau/schemas.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { Badge, Button, Card, EmptyState, TextField } from '../ui.tsx';

/** Open/closed tabs as plain links (the URL carries the choice). */
export function InfoReportTabs({ status }: { status: 'open' | 'closed' }) {
  const { t } = useI18n();
  return (
    <nav className="tabs" aria-label={t('infoReport.title')}>
      <Link to="?status=open" aria-current={status === 'open' ? 'page' : undefined}>
        {t('infoReport.open')}
      </Link>
      <Link to="?status=closed" aria-current={status === 'closed' ? 'page' : undefined}>
        {t('infoReport.closed')}
      </Link>
    </nav>
  );
}

/**
 * Teachers' corrections, each closable as fixed or as needing no change by those who may; a closed one shows what was
 * done.
 */
export function InfoReportList({
  reports,
  busy,
  refused,
}: {
  reports: InfoReportView[];
  busy: boolean;
  refused?: RefusedClose | null;
}) {
  const { t, format } = useI18n();
  if (reports.length === 0) {
    return (
      <Card>
        <EmptyState title={t('infoReport.empty')} />
      </Card>
    );
  }
  return (
    <ol className="report-list">
      {reports.map((r) => (
        <li key={r.id} id={`report-${r.id}`}>
          <Card as="article">
            <header className="queue-head">
              <Badge tone={r.status === 'open' ? 'warn' : r.status === 'fixed' ? 'good' : 'neutral'}>
                {t(`infoReport.status.${r.status}`)}
              </Badge>
              <h2>
                <Link to={`/venues/${r.venueSlug}`}>{r.venueName}</Link>
              </h2>
              <p className="muted">
                {t('infoReport.reportedBy', { name: r.reporterName, school: r.schoolName ?? '—' })} ·{' '}
                {t('infoReport.filedAt', { date: format.dateTime(r.createdAt) })}
                {r.visitStartsAt
                  ? ` · ${t('infoReport.visitOn', { date: format.dateTime(r.visitStartsAt) })}`
                  : ''}
              </p>
            </header>
            <blockquote className="report-body">{r.body}</blockquote>
            {r.closedAt ? (
              <p className="muted">
                {t('infoReport.closedBy', { name: r.closedByName ?? '—', date: format.dateTime(r.closedAt) })}
              </p>
            ) : null}
            {r.closeNote ? (
              <p>
                <strong>{t('infoReport.closeNote')}</strong> {r.closeNote}
              </p>
            ) : null}
            {r.canClose ? (
              <Form method="post" className="form close-report" noValidate>
                <input type="hidden" name="id" value={r.id} />
                <TextField
                  label={t('infoReport.note')}
                  id={`note-${r.id}`}
                  name="note"
                  maxLength={REASON_MAX}
                  hint={t('infoReport.noteHint', { max: REASON_MAX })}
                  defaultValue={refused?.id === r.id ? refused.note : undefined}
                  error={refused?.id === r.id ? refused.error : undefined}
                />
                <div className="actions-row">
                  <Button name="status" value="fixed" disabled={busy}>
                    {t('infoReport.markFixed')}
                  </Button>
                  <Button name="status" value="dismissed" variant="secondary" disabled={busy}>
                    {t('infoReport.markDismissed')}
                  </Button>
                </div>
              </Form>
            ) : null}
          </Card>
        </li>
      ))}
    </ol>
  );
}
