import type { AppLoadContext } from '@remix-run/node';
import { describe, expect, it } from 'vitest';
import { handleError } from './entry.server.tsx';

describe('unexpected route errors', () => {
  it('are logged with the request id the error page shows, the path (secrets masked) and the error', () => {
    const logged: unknown[][] = [];
    const context = {
      requestId: 'req-42',
      log: { error: (...args: unknown[]) => logged.push(args) },
    } as unknown as AppLoadContext;
    const error = new Error('schema said no');
    const secret = 'a'.repeat(48);
    handleError(error, {
      request: new Request(`http://localhost/calendar/${secret}.ics`),
      params: {},
      context,
    });
    expect(logged).toEqual([
      [{ err: error, requestId: 'req-42', path: '/calendar/[secret].ics' }, 'unhandled route error'],
    ]);
    // A request the browser gave up on is not an error of the site.
    const aborted = new AbortController();
    aborted.abort();
    handleError(error, {
      request: new Request('http://localhost/', { signal: aborted.signal }),
      params: {},
      context,
    });
    expect(logged).toHaveLength(1);
  });
});
