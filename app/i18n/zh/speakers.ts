// Speakers (宣讲员): the speaker's home and profile, the topic menu (点课), vetting.
export const speakers = {
  'speakers.error.time': '请按 时:分 填写，如 14:30',
  'speakers.error.timeOrder': '结束时间必须晚于开始时间',
  'speakers.error.phone': '请输入有效的电话号码',
} as const satisfies Record<string, string>;
