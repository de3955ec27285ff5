import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF that pdfkit wrote with an embedded (Identity-H) font: the content streams' glyph ids decoded
 * through the fonts' ToUnicode maps. Enough to check what a generated document says, without a PDF library.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const streams: string[] = [];
  const pattern = /<<([\s\S]*?)>>\s*stream\r?\n/g;
  for (let match = pattern.exec(raw); match; match = pattern.exec(raw)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endstream', start);
    const body = pdf.subarray(start, end);
    const dict = match[1] ?? '';
    try {
      streams.push((dict.includes('/FlateDecode') ? inflateSync(body) : body).toString('latin1'));
    } catch {
      // Not a content or CMap stream (e.g. an embedded font program that does not inflate on its own).
    }
  }
  const glyphs = new Map<number, string>();
  for (const stream of streams.filter((s) => s.includes('beginbfrange') || s.includes('beginbfchar'))) {
    for (const [, from, , list] of stream.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
      const first = Number.parseInt(from as string, 16);
      [...(list as string).matchAll(/<([0-9a-f]*)>/gi)].forEach(([, hex], i) => {
        glyphs.set(
          first + i,
          Buffer.from(hex as string, 'hex')
            .swap16()
            .toString('utf16le'),
        );
      });
    }
    for (const [, code, hex] of stream.matchAll(/<([0-9a-f]{4})>\s*<([0-9a-f]+)>\s*$/gim)) {
      glyphs.set(
        Number.parseInt(code as string, 16),
        Buffer.from(hex as string, 'hex')
          .swap16()
          .toString('utf16le'),
      );
    }
  }
  const lines: string[] = [];
  for (const stream of streams.filter((s) => /T[Jj]/.test(s) && !s.includes('beginbfrange'))) {
    for (const [, operand] of stream.matchAll(/(\[[^\]]*\]|<[0-9a-f\s]*>)\s*T[Jj]/gi)) {
      const text = [...(operand as string).matchAll(/<([0-9a-f\s]*)>/gi)]
        .map(([, hex]) =>
          ((hex as string).replace(/\s/g, '').match(/.{4}/g) ?? [])
            .map((id) => glyphs.get(Number.parseInt(id, 16)) ?? '\uFFFD')
            .join(''),
        )
        .join('');
      lines.push(text);
    }
  }
  return lines.join('\n');
}
