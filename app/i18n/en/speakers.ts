import type { speakers as zh } from '../zh/speakers.ts';

export const speakers: Record<keyof typeof zh, string> = {
  'speakers.error.time': 'Write the time as hours:minutes, e.g. 14:30',
  'speakers.error.timeOrder': 'The end must be after the start',
  'speakers.error.phone': 'Enter a valid phone number',
};
