import { formatYuan, type TFunction } from '#app/i18n/index.ts';
import { type Audience, audiences, type CommitmentKind, commitmentKinds } from '#db/schema/enums.ts';

export interface CommitmentTermsOf {
  audience: Audience;
  kind: CommitmentKind;
  percentOff: number | null;
  /** In fen. */
  fixedPrice: number | null;
}

/** 免费, 5折, ¥10 — the terms of a commitment in words. */
export function commitmentTerms(t: TFunction, c: CommitmentTermsOf): string {
  const audience = t(`audience.${c.audience}`);
  if (c.kind === 'free') return t('commitment.free', { audience });
  if (c.kind === 'percent_off') {
    return t('commitment.percent_off', {
      audience,
      discount: (100 - (c.percentOff ?? 0)) / 10,
      percent: c.percentOff ?? 0,
    });
  }
  return t('commitment.fixed_price', { audience, price: formatYuan(c.fixedPrice ?? 0) });
}

/**
 * The terms as a notice keeps them, in no language (`commitmentAudience`, `commitmentKind`, `commitmentPercentOff`,
 * `commitmentPriceFen`), so that each reader reads them in theirs.
 */
export function commitmentNoticeParams(c: CommitmentTermsOf): Record<string, string | number> {
  return {
    commitmentAudience: c.audience,
    commitmentKind: c.kind,
    commitmentPercentOff: c.percentOff ?? 0,
    commitmentPriceFen: c.fixedPrice ?? 0,
  };
}

/** The terms a notice keeps (see `commitmentNoticeParams`), or null when it keeps none or they are not understood. */
export function commitmentFromNotice(params: Record<string, unknown>): CommitmentTermsOf | null {
  const audience = params.commitmentAudience;
  const kind = params.commitmentKind;
  if (!(audiences as readonly unknown[]).includes(audience)) return null;
  if (!(commitmentKinds as readonly unknown[]).includes(kind)) return null;
  const percentOff = Number(params.commitmentPercentOff);
  const fixedPrice = Number(params.commitmentPriceFen);
  return {
    audience: audience as Audience,
    kind: kind as CommitmentKind,
    percentOff: Number.isFinite(percentOff) ? percentOff : null,
    fixedPrice: Number.isFinite(fixedPrice) ? fixedPrice : null,
  };
}
