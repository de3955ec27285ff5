import { Transform } from 'node:stream';
import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { isRouteErrorResponse, RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { loggedPath } from './utils/log-path.ts';
import { NonceProvider } from './utils/nonce.tsx';

const ABORT_DELAY = 5_000;

/**
 * React 18.3 writes one or two zero bytes where a multi-byte character straddles its 2048-byte chunk
 * (react/react#31134) — Chinese pages hit it often. A zero byte never belongs in HTML (nor inside a UTF-8 sequence),
 * so the stream drops them.
 */
function withoutZeroBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, chunk.includes(0) ? chunk.filter((byte) => byte !== 0) : chunk);
    },
  });
}

export const streamTimeout = ABORT_DELAY;

/**
 * An error a loader, action or render did not expect: the error page tells the person it was recorded, so it is —
 * in the server's log with the request id the page shows, the route's path and the stack.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted || isRouteErrorResponse(error)) return;
  const path = loggedPath(new URL(request.url).pathname);
  if (context?.log)
    context.log.error({ err: error, requestId: context.requestId, path }, 'unhandled route error');
  else console.error(error);
};

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? '';
  // Bots and no-JavaScript visitors get the whole page at once; browsers get it streamed.
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true;
          const body = withoutZeroBytes();
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered)
            loadContext.log?.error({ err: error, requestId: loadContext.requestId }, 'render error');
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1000);
  });
}
