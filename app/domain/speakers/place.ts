/**
 * Where a talk takes place in one line: the parts given ("school · place typed · address"), each said once. The place a
 * teacher types starts as "school · address", so naming the school or the address beside it again would repeat them:
 * a part already said (or said within another) is left out.
 */
export function placeLine(...parts: readonly (string | null | undefined)[]): string {
  const said: string[] = [];
  for (const part of parts) {
    for (const piece of (part ?? '').split(' · ')) {
      const text = piece.trim();
      if (!text || said.some((s) => s.includes(text))) continue;
      // A fuller wording of something already said replaces it.
      for (let i = said.length - 1; i >= 0; i--) if (text.includes(said[i] as string)) said.splice(i, 1);
      said.push(text);
    }
  }
  return said.join(' · ');
}
