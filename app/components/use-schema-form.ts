import { useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import type { z } from 'zod'

/**
 * conform derives the HTML constraints from the input side of a schema, but throws
 * "Unsupported schema" on a top-level `.transform()` (a pipe whose output is a transform, e.g.
 * NeedDraftSchema yuan → fen): take the pipe's input schema for the constraints then.
 */
function constraintSchema(schema: z.ZodType): z.ZodType {
  const def = (schema as unknown as { _zod: { def: { type: string; in?: z.ZodType; out?: z.ZodType } } })._zod.def
  if (def.type === 'pipe' && def.in && def.out) {
    const out = (def.out as unknown as { _zod: { def: { type: string } } })._zod.def
    if (out.type === 'transform') return constraintSchema(def.in)
  }
  return schema
}

/**
 * The project's one way to set up a conform form from its zod schema: the same schema
 * validates in the browser and on the server, errors revalidate as the user types (so the
 * submit button never jumps away between mousedown and click), and the form subscribes to every
 * error itself (a re-render just after hydration can drop the subscriptions its fields made, and
 * the first submit after a full page load would then show nothing).
 */
export function useSchemaForm<Fields extends Record<string, unknown> = Record<string, any>>(
  schema: z.ZodType,
  options: {
    id: string
    lastResult?: SubmissionResult<string[]> | null
    defaultValue?: Record<string, unknown>
  },
) {
  const [form, fields] = useForm<Fields>({
    id: options.id,
    lastResult: options.lastResult,
    constraint: getZodConstraint(constraintSchema(schema)),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }) as never,
    shouldRevalidate: 'onInput',
    defaultValue: options.defaultValue as never,
  })
  void form.allErrors
  return [form, fields] as const
}
