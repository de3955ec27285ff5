import { randomBytes, randomUUID } from 'node:crypto';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { loggedPath } from '#app/utils/log-path.ts';
import { apiLane } from './api-lane.ts';
import { auditDenial } from './denials.ts';
import { isApiPath, malformedPaths, shortAnswer, unreadableForms } from './malformed-paths.ts';
import type { Services } from './services.ts';

export interface AppOptions {
  services: Services;
  /** The built Remix server, or a loader of it (the Vite dev server reloads it on each request). */
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** Serve these directories of built client files (production). */
  clientDir?: string;
  /** Vite's middleware in development. */
  devMiddleware?: express.RequestHandler;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Where map tiles come from, for the image policy (a `{s}` subdomain becomes a wildcard). */
function tileSource(template: string): string | undefined {
  if (template.startsWith('/')) return undefined;
  try {
    const url = new URL(template.replace('{s}', 'tile-subdomain').replace(/\{[a-z]+\}/g, '0'));
    return `${url.protocol}//${url.host.replace('tile-subdomain', '*')}`;
  } catch {
    return undefined;
  }
}

export function createApp(options: AppOptions): express.Express {
  const { services } = options;
  const { config, log } = services;
  const dev = Boolean(options.devMiddleware);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);

  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    res.locals.requestId = incoming && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.locals.cspNonce = randomBytes(16).toString('base64');
    res.locals.denial = { audited: false };
    res.setHeader('X-Request-Id', res.locals.requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      if (res.statusCode === 403) {
        auditDenial(services, req, res).catch((error) =>
          log.error({ err: error, requestId: res.locals.requestId }, 'could not audit a permission denial'),
        );
      }
      log.info(
        {
          requestId: res.locals.requestId,
          method: req.method,
          path: loggedPath(req.path),
          status: res.statusCode,
          ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
        },
        'request',
      );
    });
    next();
  });

  app.use(malformedPaths());

  const getLoadContext = (req: Request, res: Response) => ({
    ...services,
    db: services.database.db,
    requestId: res.locals.requestId as string,
    cspNonce: res.locals.cspNonce as string,
    clientIp: req.ip ?? '',
    denial: res.locals.denial as { audited: boolean },
  });
  // The JSON API's resource routes, straight to their loaders and actions, ahead of the pages' middleware: the lane
  // sends the API's own security headers and compresses what is worth it (a built server only: in development Vite
  // reloads the build on each request, and Remix answers everything). API writes take only a bearer token, which a
  // browser never sends on its own, so the cross-origin check below has nothing to guard there.
  if (typeof options.build !== 'function') {
    app.use(
      apiLane(options.build, getLoadContext, log, {
        https: Boolean(config.publicUrl?.startsWith('https://')),
      }),
    );
  }

  app.use(compression());

  const tiles = tileSource(config.mapTileUrl);
  app.use(
    helmet({
      contentSecurityPolicy: dev
        ? false
        : {
            useDefaults: false,
            directives: {
              defaultSrc: ["'self'"],
              scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
              styleSrc: ["'self'", "'unsafe-inline'"],
              imgSrc: ["'self'", 'data:', 'blob:', ...(tiles ? [tiles] : [])],
              connectSrc: ["'self'"],
              fontSrc: ["'self'", 'data:'],
              objectSrc: ["'none'"],
              baseUri: ["'self'"],
              formAction: ["'self'"],
              frameAncestors: ["'none'"],
            },
          },
      crossOriginEmbedderPolicy: false,
      // Not helmet's no-referrer: under it browsers send `Origin: null` with plain form posts, which Remix's own
      // CSRF check refuses (500), so no form would work without JavaScript. same-origin keeps referrers in the site.
      referrerPolicy: { policy: 'same-origin' },
      strictTransportSecurity: config.publicUrl?.startsWith('https://') ? undefined : false,
    }),
  );

  // Requests that change data must come from this site: a browser says where a request comes from.
  app.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (isApiPath(req.path) && /^Bearer\s/i.test(req.get('authorization') ?? '')) return next();
    const fetchSite = req.get('sec-fetch-site');
    const origin = req.get('origin');
    const ownOrigin = config.publicUrl ?? `${req.protocol}://${req.get('host')}`;
    const foreign =
      (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') ||
      (origin !== undefined && origin !== 'null' && origin !== ownOrigin);
    if (!foreign) return next();
    log.warn(
      { requestId: res.locals.requestId, origin, fetchSite, path: loggedPath(req.path) },
      'cross-origin write refused',
    );
    shortAnswer(req, res, 403, 'cross_origin', 'error.crossOrigin').catch(next);
  });
  app.use(unreadableForms());

  app.get('/healthz', async (_req, res) => {
    const body = {
      db: services.database.driver,
      search: services.searchEngine,
      jobs: services.scheduler?.started ? 'running' : 'off',
    };
    try {
      await Promise.race([
        services.database.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
      ]);
      res.setHeader('Cache-Control', 'no-store');
      res.json({ status: 'ok', ...body });
    } catch (error) {
      log.error({ err: error }, 'health check: database unreachable');
      res.status(503).json({ status: 'error', failing: 'db', ...body });
    }
  });

  if (options.devMiddleware) app.use(options.devMiddleware);
  if (options.clientDir) {
    app.use('/assets', express.static(`${options.clientDir}/assets`, { immutable: true, maxAge: '1y' }));
    app.use(express.static(options.clientDir, { maxAge: '1h' }));
  }

  app.all(
    '*',
    createRequestHandler({
      build: options.build,
      mode: dev ? 'development' : 'production',
      getLoadContext,
    }),
  );

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    log.error({ err: error, requestId: res.locals.requestId }, 'unhandled error');
    if (!res.headersSent) res.status(500).json({ error: 'server_error', requestId: res.locals.requestId });
  });

  return app;
}
