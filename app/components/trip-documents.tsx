import { useI18n } from '#app/utils/i18n.tsx';

/** The confirmed trip's printable sheet and calendar file (plain links: they download, no JavaScript needed). */
export function TripDocuments({ bookingId, status }: { bookingId: string; status: string }) {
  const { t } = useI18n();
  if (status !== 'confirmed' && status !== 'attended') return null;
  return (
    <p className="actions-row">
      <a className="btn btn-secondary" href={`/bookings/${bookingId}/trip-sheet.pdf`}>
        {t('tripSheet.download')}
      </a>
      <a className="btn btn-quiet" href={`/bookings/${bookingId}/calendar.ics`}>
        {t('tripSheet.calendar')}
      </a>
    </p>
  );
}
