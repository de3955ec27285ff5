import { accounts } from './accounts.ts';
import { bookings } from './bookings.ts';
import { bureau } from './bureau.ts';
import { common } from './common.ts';
import { venueConsole } from './console.ts';
import { domain } from './domain.ts';
import { home } from './home.ts';
import { invitations } from './invitations.ts';
import { search } from './search.ts';
import { speakers } from './speakers.ts';
import { validation } from './validation.ts';

export const zh = {
  ...common,
  ...validation,
  ...domain,
  ...home,
  ...bureau,
  ...speakers,
  ...invitations,
  ...accounts,
  ...bookings,
  ...venueConsole,
  ...search,
};
