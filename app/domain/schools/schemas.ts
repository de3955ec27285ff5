import { z } from 'zod';
import { wholeNumber } from '#app/utils/form-numbers.ts';
import { whenValid } from '#app/utils/validation.ts';
import { schoolLevels } from '#db/schema/enums.ts';

export const SchoolInputSchema = z
  .object({
    name: z.string().trim().min(2).max(100),
    regionCode: z.string().regex(/^15[0-9]{4}$/, 'validation.invalid'),
    level: z.enum(schoolLevels),
    pupils: wholeNumber(0, 20000),
    rural: z.boolean().default(false),
    leftBehindPupils: wholeNumber(0, 20000).default(0),
    code: z
      .string()
      .regex(/^[0-9]{10}$/, 'validation.invalid')
      .optional(),
    address: z.string().trim().max(200).default(''),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    requiresApproval: z.boolean().default(false),
  })
  .refine((s) => s.leftBehindPupils <= s.pupils, {
    path: ['leftBehindPupils'],
    message: 'validation.invalid',
    when: whenValid('pupils', 'leftBehindPupils'),
  });
export type SchoolInput = z.input<typeof SchoolInputSchema>;
