import { z } from 'zod';

/**
 * A contact phone typed into a form: an 11-digit mobile number, or a landline with its area code (0471-1234567).
 * One rule for every contact someone else will call (a booking's leading teacher, a speaker), with one message.
 */
export const contactPhone = z
  .string()
  .trim()
  .regex(/^(1[0-9]{10}|0[0-9]{2,3}-?[0-9]{7,8})$/, 'validation.phone');
