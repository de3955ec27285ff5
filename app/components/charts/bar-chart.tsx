import { lazy, Suspense } from 'react';
import { useI18n } from '#app/utils/i18n.tsx';
import { ClientOnly } from '../client-only.tsx';
import type { BarChartProps } from './BarChart.client.tsx';

const HorizontalBarChart = lazy(() => import('./BarChart.client.tsx'));

/** A chart named by the heading just above it (its id) draws no title of its own, so the name is not said twice. */
type Naming = { title: string; labelledBy?: never } | { labelledBy: string; title?: never };

/**
 * A bar chart drawn in the browser (recharts is loaded only there). The page puts the same figures in a table under
 * it, so without JavaScript nothing is lost. With nothing to draw (no bars, or all of them zero) it says `empty`
 * instead: empty bars on a made-up scale say less than a sentence.
 */
export function BarChart({
  title,
  labelledBy,
  empty,
  ...props
}: BarChartProps &
  Naming & {
    /** Said instead of the bars when there is nothing to draw. */
    empty?: string;
  }) {
  const { t } = useI18n();
  const nothing = empty !== undefined && props.data.every((d) => !d.value);
  return (
    <figure className="chart" {...(labelledBy ? { 'aria-labelledby': labelledBy } : { 'aria-label': title })}>
      {title ? <figcaption className="chart-title">{title}</figcaption> : null}
      {nothing ? (
        <p className="chart-note muted">{empty}</p>
      ) : (
        <ClientOnly fallback={<p className="chart-note muted">{t('bureau.chart.tableBelow')}</p>}>
          {() => (
            <Suspense fallback={<p className="chart-note muted">{t('bureau.chart.loading')}</p>}>
              <HorizontalBarChart {...props} />
            </Suspense>
          )}
        </ClientOnly>
      )}
    </figure>
  );
}
