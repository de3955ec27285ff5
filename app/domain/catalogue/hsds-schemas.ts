import { z } from 'zod';
import { wholeNumber } from '#app/utils/form-numbers.ts';

/** HSDS paging: `?page=1&per_page=50` (at most 100 per page). */
export const HsdsPagingSchema = z.object({
  page: wholeNumber(1, 100_000).default(1),
  per_page: wholeNumber(1, 100).default(50),
});
