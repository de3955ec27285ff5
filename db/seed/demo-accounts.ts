import type { Role } from '../schema/enums.ts';

export const DEMO_PASSWORD = 'demo2026';
export const DEMO_DOMAIN = 'demo.example';

/**
 * One account per role; the start-up banner prints them. The school's two have a mobile number, as teachers' accounts
 * usually do: the booking form fills it in as the group's phone for the day.
 */
export const DEMO_ACCOUNTS: { email: string; role: Role; name: string; mobile?: string }[] = [
  { email: `teacher@${DEMO_DOMAIN}`, role: 'teacher', name: '王老师', mobile: '13800471001' },
  { email: `school-admin@${DEMO_DOMAIN}`, role: 'school_admin', name: '李校长', mobile: '13800471002' },
  { email: `operator@${DEMO_DOMAIN}`, role: 'venue_operator', name: '张馆员' },
  { email: `speaker@${DEMO_DOMAIN}`, role: 'speaker', name: '巴特尔' },
  { email: `auditor@${DEMO_DOMAIN}`, role: 'auditor', name: '赵科长' },
  { email: `admin@${DEMO_DOMAIN}`, role: 'admin', name: '平台管理员' },
];

/** The 盟市 of the demo auditor, teacher and operator. */
export const DEMO_PREFECTURE = '150100';
export const DEMO_SCHOOL_NAME = '武川县哈达中心学校';
export const DEMO_VENUE_NAME = '内蒙古博物院';
