/**
 * Bar labels a reader can tell apart. Each bar has a short label (a session's day and time) and a detail (its
 * program). Where two bars would read the same, each of them says its detail too; a label that is already unique
 * stays short. Should label and detail both repeat (one program twice at one time), the later ones are numbered.
 */
export function distinctLabels(bars: readonly { label: string; detail: string }[]): string[] {
  const count = (xs: string[]) =>
    xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const short = count(bars.map((b) => b.label));
  const long = bars.map((b) => ((short.get(b.label) ?? 0) > 1 ? `${b.label} · ${b.detail}` : b.label));
  const seen = new Map<string, number>();
  return long.map((label) => {
    const nth = (seen.get(label) ?? 0) + 1;
    seen.set(label, nth);
    return nth === 1 ? label : `${label} (${nth})`;
  });
}

/** Chinese characters, kana, hangul and full-width forms take a full em; other characters about 0.62 of one (Noto Sans draws Latin wide). */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Roughly how many pixels a label takes at `fontSize` (an estimate: the chart is drawn before it can measure). */
export function labelWidth(label: string, fontSize: number): number {
  let ems = 0;
  for (const ch of label) ems += WIDE.test(ch) ? 1 : 0.62;
  return ems * fontSize;
}

/**
 * The label cut to fit `maxWidth` pixels, ending in an ellipsis where it was cut, so that a long English region name
 * on a phone reads "Hohhot Municipal Bur…" instead of losing its first letters off the chart's edge. The full label
 * stays in the tooltip and in the table under the chart.
 */
export function fitLabel(label: string, maxWidth: number, fontSize: number): string {
  if (labelWidth(label, fontSize) <= maxWidth) return label;
  // The number distinctLabels gives a repeated label is what tells two bars apart: it stays, the text before it is cut.
  const numbered = / \(\d+\)$/.exec(label);
  if (numbered) {
    const suffix = numbered[0];
    const head = fitLabel(label.slice(0, -suffix.length), maxWidth - labelWidth(suffix, fontSize), fontSize);
    return `${head}${suffix}`;
  }
  const chars = [...label];
  const room = maxWidth - labelWidth('…', fontSize);
  let used = 0;
  let kept = 0;
  while (kept < chars.length && used + labelWidth(chars[kept]!, fontSize) <= room) {
    used += labelWidth(chars[kept]!, fontSize);
    kept += 1;
  }
  return `${chars.slice(0, kept).join('').trimEnd()}…`;
}
