import { createContext, type ReactNode, useContext, useMemo } from 'react';
import {
  defaultLocale,
  type Formatters,
  getFormatters,
  getT,
  type Locale,
  type TFunction,
} from '#app/i18n/index.ts';
import { regionName } from '#app/i18n/regions.ts';

interface I18nValue {
  locale: Locale;
  t: TFunction;
  format: Formatters;
}

const I18nContext = createContext<I18nValue>({
  locale: defaultLocale,
  t: getT(defaultLocale),
  format: getFormatters(defaultLocale),
});

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(() => ({ locale, t: getT(locale), format: getFormatters(locale) }), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  return useContext(I18nContext);
}

export function useT(): TFunction {
  return useContext(I18nContext).t;
}

/** A region's name in the interface language (see regionName): `placeName({ code, name })`. */
export function useRegionName(): (region: { code: string; name: string }) => string {
  const { locale } = useContext(I18nContext);
  return (region) => regionName(locale, region);
}
