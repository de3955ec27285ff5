import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { OSM_CREDIT } from '../components/map/credit.ts';

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const EnvSchema = z.object({
  NODE_ENV: z.preprocess(
    blankToUndefined,
    z
      .enum(['development', 'production', 'test'], { error: 'must be development, production or test' })
      .default('production'),
  ),
  PORT: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'must be a port number' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 65535')
      .max(65535, 'must be between 1 and 65535')
      .default(3000),
  ),
  DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
  DATABASE_URL: optional(
    z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }),
  ),
  MEILI_URL: optional(httpUrl),
  MEILI_KEY: optional(z.string()),
  SESSION_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  PUBLIC_URL: optional(httpUrl),
  MAP_TILE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^(https?:\/\/|\/)/, 'must be an http(s) URL or a path')
      .refine((v) => ['{z}', '{x}', '{y}'].every((p) => v.includes(p)), 'must contain {z}, {x} and {y}')
      .default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  ),
  MAP_ATTRIBUTION: optional(z.string()),
  /** The page the map credit links to; without MAP_ATTRIBUTION, OpenStreetMap's copyright page. */
  MAP_ATTRIBUTION_URL: optional(httpUrl),
  SMTP_URL: optional(z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })),
  /** Where people write to the platform's administrators (the privacy page names it). */
  CONTACT_EMAIL: optional(z.email({ error: 'must be an e-mail address' })),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  /** How many proxies stand in front of the server (their X-Forwarded-For is trusted to find the client). */
  TRUST_PROXY: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'must be the number of proxies in front of the server' })
      .int()
      .min(0)
      .max(10)
      .default(0),
  ),
  /** Days a speaker (or venue) has to answer an invitation, and a teacher a counter-proposal, before it expires. */
  INVITATION_EXPIRY_DAYS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'must be a number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be between 1 and 30')
      .max(30, 'must be between 1 and 30')
      .default(7),
  ),
  /**
   * Connections to the PostgreSQL server. A few per core of the database server do the most work: more connections
   * than cores only take turns on them (on a 2-core machine 20 connections booked a quarter slower than 6–10; ADR 015).
   */
  DATABASE_POOL_SIZE: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'must be a number of connections' })
      .int('must be a whole number of connections')
      .min(1, 'must be between 1 and 100')
      .max(100, 'must be between 1 and 100')
      .default(10),
  ),
  /** Turns the demo data off on a first embedded start (tests and benchmarks set it). */
  SEED_DEMO: z.preprocess(blankToUndefined, z.enum(['true', 'false']).default('true')),
});

export type RawEnv = z.infer<typeof EnvSchema>;

export interface Config {
  nodeEnv: RawEnv['NODE_ENV'];
  port: number;
  dataDir: string;
  databaseUrl?: string;
  databasePoolSize: number;
  meiliUrl?: string;
  meiliKey?: string;
  sessionSecret: string;
  publicUrl?: string;
  mapTileUrl: string;
  mapAttribution: string;
  /** The page the map credit links to, if any. */
  mapAttributionUrl?: string;
  smtpUrl?: string;
  /** The administrators' address for questions about personal data, if the deployment gives one. */
  contactEmail?: string;
  logLevel: RawEnv['LOG_LEVEL'];
  seedDemo: boolean;
  trustProxy: number;
  invitationExpiryDays: number;
  /** Embedded PostgreSQL (PGlite) in DATA_DIR, or a server named by DATABASE_URL. */
  embedded: boolean;
}

/** The site's own address, for links in e-mails and calendars: PUBLIC_URL, or this machine's port. Never the request's
 * Host header, which a client can forge (a reset link must not point elsewhere). */
export function siteUrl(config: Pick<Config, 'publicUrl' | 'port'>): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}

export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Reads and checks the environment once. A wrong value throws a ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const given = env[name];
      return `Configuration error: ${name} ${issue.message}${given === undefined ? '' : ` (got "${given}")`}.`;
    });
    throw new ConfigError(lines);
  }
  const raw = parsed.data;
  const dataDir = resolve(raw.DATA_DIR);
  const embedded = !raw.DATABASE_URL;
  let sessionSecret = raw.SESSION_SECRET;
  if (!sessionSecret) {
    if (!embedded && raw.NODE_ENV === 'production') {
      throw new ConfigError([
        'Configuration error: SESSION_SECRET is required with DATABASE_URL in production (at least 32 characters).',
      ]);
    }
    sessionSecret = readOrCreateSecret(dataDir);
  }
  return {
    nodeEnv: raw.NODE_ENV,
    port: raw.PORT,
    dataDir,
    databaseUrl: raw.DATABASE_URL,
    databasePoolSize: raw.DATABASE_POOL_SIZE,
    meiliUrl: raw.MEILI_URL,
    meiliKey: raw.MEILI_KEY,
    sessionSecret,
    publicUrl: raw.PUBLIC_URL?.replace(/\/+$/, ''),
    mapTileUrl: raw.MAP_TILE_URL,
    // The default credit is OpenStreetMap's, linked to its copyright page as it asks; another provider's credit is
    // linked only to the page given with it.
    mapAttribution: raw.MAP_ATTRIBUTION ?? OSM_CREDIT.attribution,
    mapAttributionUrl:
      raw.MAP_ATTRIBUTION_URL ??
      (raw.MAP_ATTRIBUTION === undefined ? (OSM_CREDIT.attributionUrl ?? undefined) : undefined),
    smtpUrl: raw.SMTP_URL,
    contactEmail: raw.CONTACT_EMAIL,
    logLevel: raw.LOG_LEVEL,
    seedDemo: raw.SEED_DEMO === 'true',
    trustProxy: raw.TRUST_PROXY,
    invitationExpiryDays: raw.INVITATION_EXPIRY_DAYS,
    embedded,
  };
}

/** In embedded mode the secret is generated once and kept beside the data, so sessions survive restarts. */
function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
