import { lazy, Suspense } from 'react';
import { useI18n } from '#app/utils/i18n.tsx';
import { ClientOnly } from '../client-only.tsx';
import type { BarChartProps } from './BarChart.client.tsx';

const HorizontalBarChart = lazy(() => import('./BarChart.client.tsx'));

/**
 * A bar chart drawn in the browser (recharts is loaded only there). The page puts the same figures in a table under
 * it, so without JavaScript nothing is lost.
 */
export function BarChart({ title, ...props }: BarChartProps & { title: string }) {
  const { t } = useI18n();
  return (
    <figure className="chart" aria-label={title}>
      <figcaption className="chart-title">{title}</figcaption>
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
