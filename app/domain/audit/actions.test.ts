import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { getT } from '#app/i18n/index.ts';
import {
  auditActionGroup,
  auditActionGroupLabel,
  auditActionLabel,
  auditActions,
  isAuditActionFilter,
} from './actions.ts';

const root = new URL('../../../', import.meta.url).pathname;
const CODE = /^[a-z_]+\.[a-z_]+$/;
/** What a reader would see instead of a name: the code itself, or the message key of a missing text. */
const named = (code: string) => new RegExp(`^(bureau\\.audit\\.action\\.)?${code.replace('.', '\\.')}$`);

/** The app's source files that may write to the audit log (tests excluded). */
function sourceFiles(): string[] {
  return ['app', 'server', 'db', 'scripts', 'search'].flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
      .map((f) => join(dir, f)),
  );
}

/**
 * The actions the source writes, read from it: the `action:` of every `recordAudit(…)` and `insert(auditLog)` call
 * (a code, a choice of codes, or a template such as `booking.${action}`) and the codes of raw `insert into audit_log`.
 */
function writtenActions() {
  const codes = new Map<string, string>();
  const templates: { pattern: RegExp; where: string }[] = [];
  const unreadable: string[] = [];
  for (const file of sourceFiles()) {
    // The writer itself passes its entry's action through.
    if (file === join('app', 'domain', 'audit', 'audit.server.ts')) continue;
    const text = readFileSync(join(root, file), 'utf8');
    for (const call of text.matchAll(/recordAudit\(|\.insert\(auditLog\)/g)) {
      const rest = text.slice(call.index);
      const body = rest.slice(0, rest.search(/\}\s*\)/));
      const expression = /\baction:\s*([^\n]+)/.exec(body)?.[1];
      const where = `${file}:${text.slice(0, call.index).split('\n').length}`;
      const template = expression && /`([^`]*)`/.exec(expression)?.[1];
      const literals = [...(expression ?? '').matchAll(/'([^']*)'/g)]
        .map((m) => m[1] ?? '')
        .filter((s) => CODE.test(s));
      if (template) {
        const source = template
          .split(/\$\{[^}]*\}/)
          .map((part) => part.replace(/[.*+?^()|[\]\\]/g, '\\$&'))
          .join('[a-z_]+');
        templates.push({ pattern: new RegExp(`^${source}$`), where });
      } else if (literals.length > 0) {
        for (const code of literals) codes.set(code, where);
      } else {
        unreadable.push(where);
      }
    }
    for (const insert of text.matchAll(/insert into audit_log/gi)) {
      const statement = text.slice(insert.index, text.indexOf('`', insert.index));
      for (const m of statement.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) {
        codes.set(m[1] ?? '', `${file} (SQL)`);
      }
    }
  }
  return { codes, templates, unreadable };
}

describe('audit action names', () => {
  const written = writtenActions();

  test('the scan reads every audit write in the source', () => {
    expect(written.unreadable).toEqual([]);
    expect(written.codes.size).toBeGreaterThan(40);
    expect(written.codes.get('booking.create')).toContain('bookings.server.ts');
    expect(written.templates.map((t) => t.pattern.source)).toContain('^booking\\.[a-z_]+$');
  });

  test('every action the app writes has a name in both languages', () => {
    for (const locale of ['zh', 'en'] as const) {
      const t = getT(locale);
      for (const [code, where] of written.codes) {
        expect(auditActionLabel(t, code), `${locale}: ${code} (${where})`).not.toMatch(named(code));
      }
      // A template's codes are those of the list it matches; `recordAudit` accepts no other (it does not compile).
      for (const { pattern, where } of written.templates) {
        const matching = auditActions.filter((code) => pattern.test(code));
        expect(matching.length, `${pattern} (${where})`).toBeGreaterThan(0);
        for (const code of matching)
          expect(auditActionLabel(t, code), `${locale}: ${code}`).not.toMatch(named(code));
      }
    }
  });

  test('each listed action is written somewhere and reads differently from every other', () => {
    for (const code of auditActions) {
      expect(
        written.codes.has(code) || written.templates.some(({ pattern }) => pattern.test(code)),
        code,
      ).toBe(true);
    }
    for (const locale of ['zh', 'en'] as const) {
      const t = getT(locale);
      const labels = auditActions.map((code) => auditActionLabel(t, code));
      expect(new Set(labels).size, locale).toBe(auditActions.length);
      for (const [i, code] of auditActions.entries())
        expect(labels[i], `${locale}: ${code}`).not.toMatch(named(code));
    }
    expect(auditActionLabel(getT('zh'), 'invitation.accept')).toBe('接受邀请');
    expect(auditActionLabel(getT('en'), 'booking.confirm')).toBe('Booking confirmed by the venue');
  });

  test('every area of actions (the action filter’s groups) has a name of its own in both languages', () => {
    const groups = [...new Set(auditActions.map(auditActionGroup))];
    expect(groups).toContain('venue_change');
    for (const locale of ['zh', 'en'] as const) {
      const t = getT(locale);
      const labels = groups.map((group) => auditActionGroupLabel(t, group));
      expect(new Set(labels).size, locale).toBe(groups.length);
      for (const [i, group] of groups.entries())
        expect(labels[i], `${locale}: ${group}`).not.toMatch(
          new RegExp(`^(bureau\\.audit\\.actionGroup\\.)?${group}$`),
        );
    }
    expect(auditActionGroupLabel(getT('zh'), 'venue_change')).toBe('场馆信息变更');
    expect(auditActionGroupLabel(getT('zh'), 'gadget')).toBe('gadget');
  });

  test('the action filter takes an action or area the app writes or the log holds, and an old action of a known area', () => {
    expect(isAuditActionFilter('booking.attendance', [])).toBe(true);
    expect(isAuditActionFilter('venue_change', [])).toBe(true);
    expect(isAuditActionFilter('venue.polish', [])).toBe(true);
    expect(isAuditActionFilter('gadget.polish', ['gadget.polish'])).toBe(true);
    expect(isAuditActionFilter('gadget', ['gadget.polish'])).toBe(true);
    for (const bad of ['nope', 'gadget.polish', 'venue.', 'venue.Polish', "venue.x' or 1=1"])
      expect(isAuditActionFilter(bad, []), bad).toBe(false);
  });

  test('an unknown action keeps its code', () => {
    expect(auditActionLabel(getT('zh'), 'gadget.polish')).toBe('gadget.polish');
    expect(auditActionLabel(getT('en'), 'constructor')).toBe('constructor');
  });
});
