import { describe, expect, it } from 'vitest';
import { safeRedirect } from './auth.server.ts';

describe('safeRedirect', () => {
  it('keeps paths of this site, with their query and fragment', () => {
    for (const to of [
      '/',
      '/trips?status=confirmed',
      '/venues/museum#sessions',
      '/search?q=%2F%2Fx',
      '/a/%09/b',
    ]) {
      expect(safeRedirect(to)).toBe(to);
    }
  });

  it('refuses anything a browser would read as another site', () => {
    for (const to of [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '/\u0000/evil.example',
      '\t//evil.example',
      'https://evil.example',
      'https:evil.example',
      'javascript:alert(1)',
      'evil.example',
      '',
      null,
      undefined,
    ]) {
      expect(safeRedirect(to, '/home'), JSON.stringify(to)).toBe('/home');
    }
  });
});
