import { lazy, Suspense } from 'react';
import { useI18n } from '#app/utils/i18n.tsx';
import { ClientOnly } from '../client-only.tsx';
import type { BarChartProps } from './BarChart.client.tsx';

const HorizontalBarChart = lazy(() => import('./BarChart.client.tsx'));

/**
 * A bar chart drawn in the browser (recharts is loaded only there). The page puts the same figures in a table under
 * it, so without JavaScript nothing is lost.
 */
export function BarChart({
  title,
  labelledBy,
  ...props
}: BarChartProps &
  /** A chart named by the heading just above it (its id) draws no title of its own, so the name is not said twice. */
  ({ title: string; labelledBy?: never } | { labelledBy: string; title?: never })) {
  const { t } = useI18n();
  return (
    <figure className="chart" {...(labelledBy ? { 'aria-labelledby': labelledBy } : { 'aria-label': title })}>
      {title ? <figcaption className="chart-title">{title}</figcaption> : null}
      <ClientOnly fallback={<p className="chart-note muted">{t('bureau.chart.tableBelow')}</p>}>
        {() => (
          <Suspense fallback={<p className="chart-note muted">{t('bureau.chart.loading')}</p>}>
            <HorizontalBarChart {...props} />
          </Suspense>
        )}
      </ClientOnly>
    </figure>
  );
}
