import { bureau } from './bureau.ts';
import { common } from './common.ts';
import { domain } from './domain.ts';
import { home } from './home.ts';
import { validation } from './validation.ts';

export const zh = { ...common, ...validation, ...domain, ...home, ...bureau };
