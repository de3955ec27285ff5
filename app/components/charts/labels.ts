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
