// Leaflet's own zoom buttons are named "Zoom in" / "Zoom out" in English whatever the page's language: every map turns
// them off (zoomControl={false}) and places this one, named in the interface language.
import { ZoomControl } from 'react-leaflet';
import { useI18n } from '#app/utils/i18n.tsx';

export function LocalizedZoomControl() {
  const { t, locale } = useI18n();
  // react-leaflet sets a control's options once: a language switch (no page reload) builds it anew.
  return (
    <ZoomControl
      key={locale}
      position="topleft"
      zoomInTitle={t('map.zoomIn')}
      zoomOutTitle={t('map.zoomOut')}
    />
  );
}
