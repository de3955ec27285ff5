import { describe, expect, test } from 'vitest';
import { getT } from '#app/i18n/index.ts';
import { auditEntityLabel, auditEntityTypes, isAuditEntityFilter } from './entities.ts';

describe('audit entity names', () => {
  test('every entity type the app records has a name in both languages', () => {
    for (const locale of ['zh', 'en'] as const) {
      const t = getT(locale);
      for (const type of auditEntityTypes) expect(auditEntityLabel(t, type)).not.toBe(type);
    }
    expect(auditEntityLabel(getT('zh'), 'session_series')).toBe('重复场次');
    expect(auditEntityLabel(getT('en'), 'venue')).toBe('Venue');
  });

  test('the entity filter takes a type the app writes or the log holds, nothing else', () => {
    expect(isAuditEntityFilter('session_series', [])).toBe(true);
    expect(isAuditEntityFilter('gadget', ['gadget'])).toBe(true);
    expect(isAuditEntityFilter('gadget', ['venue'])).toBe(false);
    expect(isAuditEntityFilter('nope', [])).toBe(false);
  });

  test('an unknown type keeps its code', () => {
    expect(auditEntityLabel(getT('zh'), 'gadget')).toBe('gadget');
  });

  test('the audit table headers are plain labels, the hints stay with the filters', () => {
    const t = getT('zh');
    expect(t('bureau.audit.who')).toBe('操作人');
    expect(t('bureau.audit.action')).toBe('操作');
    expect(t('bureau.audit.whoHint')).toBe('姓名或邮箱');
  });
});
