import { z } from 'zod'

export const changePlanSchema = z.object({ planId: z.string().trim().min(1, 'Choose a plan.').max(64) })
