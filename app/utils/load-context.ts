import type { Database } from '#db/client.ts';
import type { Services } from '#server/services.ts';

declare module '@remix-run/node' {
  interface AppLoadContext extends Services {
    db: Database;
    requestId: string;
    cspNonce: string;
    /** Address of the client, as far as the configured proxies tell. */
    clientIp: string;
    /** Set once this request's permission denial is in the audit log (so the server does not write it again). */
    denial: { audited: boolean };
  }
}
