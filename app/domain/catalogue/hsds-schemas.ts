import { z } from 'zod';

/** HSDS paging: `?page=1&per_page=50` (at most 100 per page). */
export const HsdsPagingSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(50),
});
