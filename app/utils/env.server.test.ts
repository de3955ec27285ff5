import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.server.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'sc-env-'));

function errorLines(env: Record<string, string>): string[] {
  try {
    loadConfig({ DATA_DIR: dataDir(), ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has defaults that run the embedded database on port 3000', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config).toMatchObject({
      port: 3000,
      embedded: true,
      nodeEnv: 'production',
      seedDemo: true,
      trustProxy: 0,
      databasePoolSize: 10,
    });
    expect(config.mapTileUrl).toContain('{z}');
  });

  it('credits OpenStreetMap with a link to its copyright page, and another provider only with its own page', () => {
    expect(loadConfig({ DATA_DIR: dataDir() })).toMatchObject({
      mapAttribution: '© OpenStreetMap contributors',
      mapAttributionUrl: 'https://www.openstreetmap.org/copyright',
    });
    const other = loadConfig({ DATA_DIR: dataDir(), MAP_ATTRIBUTION: '© 天地图' });
    expect(other.mapAttribution).toBe('© 天地图');
    expect(other.mapAttributionUrl).toBeUndefined();
    expect(
      loadConfig({
        DATA_DIR: dataDir(),
        MAP_ATTRIBUTION: '© 天地图',
        MAP_ATTRIBUTION_URL: 'https://t.example/',
      }).mapAttributionUrl,
    ).toBe('https://t.example/');
    expect(errorLines({ MAP_ATTRIBUTION_URL: 'javascript:alert(1)' })[0]).toMatch(
      /^Configuration error: MAP_ATTRIBUTION_URL must be an http\(s\) URL/,
    );
  });

  it('stops with one line naming each wrong variable', () => {
    expect(errorLines({ PORT: 'abc' })).toEqual([
      'Configuration error: PORT must be a port number (got "abc").',
    ]);
    expect(errorLines({ PORT: '70000' })[0]).toMatch(
      /^Configuration error: PORT must be between 1 and 65535/,
    );
    expect(errorLines({ DATABASE_URL: 'mysql://x' })[0]).toMatch(
      /^Configuration error: DATABASE_URL must be a postgres/,
    );
    expect(errorLines({ MEILI_URL: 'not a url' })[0]).toMatch(
      /^Configuration error: MEILI_URL must be an http\(s\) URL/,
    );
    expect(errorLines({ MAP_TILE_URL: 'https://tiles.example/{z}/{x}.png' })[0]).toMatch(
      /MAP_TILE_URL must contain/,
    );
    expect(errorLines({ CONTACT_EMAIL: 'not an address' })[0]).toMatch(
      /^Configuration error: CONTACT_EMAIL must be an e-mail address/,
    );
    expect(errorLines({ SMTP_URL: 'http://mail' })[0]).toMatch(
      /^Configuration error: SMTP_URL must be an smtp/,
    );
    expect(errorLines({ SESSION_SECRET: 'short' })[0]).toMatch(
      /SESSION_SECRET must be at least 32 characters/,
    );
    expect(errorLines({ DATABASE_POOL_SIZE: '0' })[0]).toMatch(
      /^Configuration error: DATABASE_POOL_SIZE must be between 1 and 100/,
    );
    expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_POOL_SIZE: '6' }).databasePoolSize).toBe(6);
  });

  it('requires SESSION_SECRET with DATABASE_URL in production', () => {
    expect(errorLines({ DATABASE_URL: 'postgres://db/app', NODE_ENV: 'production' })[0]).toMatch(
      /SESSION_SECRET is required/,
    );
    const config = loadConfig({
      DATA_DIR: dataDir(),
      DATABASE_URL: 'postgres://db/app',
      NODE_ENV: 'development',
    });
    expect(config.embedded).toBe(false);
  });

  it('generates the embedded session secret once and keeps it in DATA_DIR', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.sessionSecret).toHaveLength(64);
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(readFileSync(join(dir, 'session-secret'), 'utf8').trim()).toBe(first.sessionSecret);
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ DATA_DIR: dataDir(), PORT: '', DATABASE_URL: '', MEILI_URL: ' ' });
    expect(config).toMatchObject({ port: 3000, embedded: true, meiliUrl: undefined });
  });

  it('gives invitations 7 days to be answered unless INVITATION_EXPIRY_DAYS says otherwise (1–30)', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).invitationExpiryDays).toBe(7);
    expect(loadConfig({ DATA_DIR: dataDir(), INVITATION_EXPIRY_DAYS: '3' }).invitationExpiryDays).toBe(3);
    expect(errorLines({ INVITATION_EXPIRY_DAYS: '0' })[0]).toMatch(
      /^Configuration error: INVITATION_EXPIRY_DAYS must be between 1 and 30/,
    );
    expect(errorLines({ INVITATION_EXPIRY_DAYS: 'a week' })[0]).toMatch(
      /INVITATION_EXPIRY_DAYS must be a number of days/,
    );
  });
});
