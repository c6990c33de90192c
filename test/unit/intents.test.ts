import { redirect } from '@remix-run/node'
import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Conflict, Forbidden, InvalidParameter, NotFound, PayloadTooLarge, RuleViolation, RuleViolations } from '~/domain/errors'
import { apiHandle } from '~/utils/api.server'
import { decodeMessage, encodeMessage, replyFor } from '~/utils/intent-reply'
import { getT } from '~/utils/i18n.server'
import { intent, runIntents } from '~/utils/intents.server'

const post = (fields: Record<string, string>) =>
  new Request('http://localhost/x', { method: 'POST', body: new URLSearchParams(fields) })

const schema = z.object({ title: z.string({ error: 'input.required' }).min(2, 'input.tooShort'), secret: z.string().optional() })

type Outcome = { data: { intent: string; result: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> }; formError: unknown }; init: { status: number } }

function intents(run: (v: z.output<typeof schema>) => Promise<string>) {
  const writes: string[] = []
  return {
    writes,
    spec: {
      save: intent({
        schema,
        run: async (v) => {
          const out = await run(v)
          writes.push(out)
          return out
        },
        done: (v) => redirect(`/done/${v}`),
        hideFields: ['secret'],
      }),
      other: intent({ schema: z.object({}), run: async () => 'other', done: () => redirect('/other') }),
    },
  }
}

describe('runIntents: the one way a form action runs', () => {
  it('runs the named intent and answers with its done()', async () => {
    const { spec } = intents(async (v) => v.title)
    const res = (await runIntents(post({ intent: 'save', title: 'ok' }), spec)) as Response
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/done/ok')
  })

  it('bad input: 400, field errors, typed values back (hidden fields never), nothing run', async () => {
    const { spec, writes } = intents(async (v) => v.title)
    const out = (await runIntents(post({ intent: 'save', title: 'x', secret: 'pw' }), spec)) as unknown as Outcome
    expect(out.init.status).toBe(400)
    expect(out.data.intent).toBe('save')
    expect(out.data.result.error?.title).toEqual(['input.tooShort'])
    expect(out.data.result.initialValue?.title).toBe('x')
    expect(out.data.result.initialValue?.secret).toBeUndefined()
    expect(writes).toEqual([])
  })

  it('a control character is a field error whatever the schema says', async () => {
    const { spec } = intents(async (v) => v.title)
    const out = (await runIntents(post({ intent: 'save', title: 'ab\u0000c' }), spec)) as unknown as Outcome
    expect(out.init.status).toBe(400)
    expect(out.data.result.error?.title).toEqual(['input.controlCharacters'])
  })

  it('a rule that names a field: its status (422) at the field, with its parameters', async () => {
    const { spec } = intents(async () => {
      throw new RuleViolation('needs.bids.validation.quoteAboveCeiling', { ceiling: '10.00' }, 'title')
    })
    const out = (await runIntents(post({ intent: 'save', title: 'abc' }), spec)) as unknown as Outcome
    expect(out.init.status).toBe(422)
    expect(out.data.result.error?.title?.map(decodeMessage)).toEqual([
      { messageKey: 'needs.bids.validation.quoteAboveCeiling', params: { ceiling: '10.00' } },
    ])
    expect(out.data.formError).toBeNull()
    expect(out.data.result.initialValue?.title).toBe('abc')
  })

  it('several rules at once: each at its field and a summary for the form', async () => {
    const { spec } = intents(async () => {
      throw new RuleViolations('needs.publish.refused', { count: 2 }, [
        { field: 'title', messageKey: 'a.b', params: { n: 1 } },
        { field: null, messageKey: 'c.d' },
      ])
    })
    const out = (await runIntents(post({ intent: 'save', title: 'abc' }), spec)) as unknown as Outcome
    expect(out.init.status).toBe(422)
    expect(out.data.result.error?.title).toEqual([encodeMessage('a.b', { n: 1 })])
    expect(out.data.formError).toEqual({ messageKey: 'needs.publish.refused', params: { count: 2 } })
  })

  it('a state conflict: 409 as the form error, values kept', async () => {
    const { spec } = intents(async () => {
      throw new Conflict('needs.errors.wrongState', { state: 'closed' })
    })
    const out = (await runIntents(post({ intent: 'save', title: 'abc' }), spec)) as unknown as Outcome
    expect(out.init.status).toBe(409)
    expect(out.data.formError).toEqual({ messageKey: 'needs.errors.wrongState', params: { state: 'closed' } })
    expect(out.data.result.initialValue?.title).toBe('abc')
  })

  it('403 and 404 and bugs are not the form’s business: rethrown for handle()', async () => {
    for (const error of [new Forbidden(), new NotFound(), new Error('bug')]) {
      const { spec } = intents(async () => {
        throw error
      })
      await expect(runIntents(post({ intent: 'save', title: 'abc' }), spec)).rejects.toBe(error)
    }
  })

  it('an unknown or missing intent is a 400 without running anything', async () => {
    const { spec, writes } = intents(async (v) => v.title)
    for (const fields of [{ intent: 'nope', title: 'abc' }, { title: 'abc' }] as Record<string, string>[]) {
      const thrown = await runIntents(post(fields), spec).catch((e: unknown) => e)
      expect((thrown as { init: { status: number } }).init.status).toBe(400)
    }
    expect(writes).toEqual([])
  })

  it('a route with one form needs no intent field (`default`)', async () => {
    const res = (await runIntents(post({ title: 'ok' }), {
      default: intent({ schema, run: async (v) => v.title, done: (v) => redirect(`/d/${v}`) }),
    })) as Response
    expect(res.headers.get('location')).toBe('/d/ok')
  })

  it('takes a form the route read itself (a multipart upload read against a budget)', async () => {
    const { spec } = intents(async (v) => v.title)
    const form = new FormData()
    form.set('intent', 'save')
    form.set('title', 'ok')
    const res = (await runIntents(form, spec)) as Response
    expect(res.headers.get('location')).toBe('/done/ok')
  })

  it('a conform list button without JavaScript (add a row): 200 with the changed form, nothing run', async () => {
    const rows = z.object({ rows: z.array(z.object({ name: z.string() })).default([]) })
    const writes: unknown[] = []
    const spec = { save: intent({ schema: rows, run: async (v) => writes.push(v), done: () => redirect('/x') }) }
    const insert = JSON.stringify({ type: 'insert', payload: { name: 'rows' } })
    const out = (await runIntents(post({ intent: 'save', 'rows[0].name': 'a', __intent__: insert }), spec)) as unknown as {
      data: { intent: string; result: { initialValue: { rows: unknown[] } } }
      init: { status: number }
    }
    expect(out.init.status).toBe(200)
    expect(out.data.intent).toBe('save')
    expect(out.data.result.initialValue.rows).toHaveLength(2)
    expect(writes).toEqual([])
  })

  it('a domain error with its own 4xx status (an upload over the budget, 413) is the form’s error', async () => {
    const { spec, writes } = intents(async () => {
      throw new PayloadTooLarge('agency.upload.tooLarge', { max: 10 })
    })
    const out = (await runIntents(post({ intent: 'save', title: 'abc' }), spec)) as unknown as Outcome
    expect(out.init.status).toBe(413)
    expect(out.data.formError).toEqual({ messageKey: 'agency.upload.tooLarge', params: { max: 10 } })
    expect(writes).toEqual([])
  })

  it('replyFor picks the reply of one form on a page with several', () => {
    const reply = { intent: 'save', result: { status: 'error' }, formError: null }
    expect(replyFor(reply, 'save')).toBe(reply)
    expect(replyFor(reply, 'other')).toBeNull()
    expect(replyFor(undefined, 'save')).toBeNull()
    expect(replyFor({ messageKey: 'x' })).toBeNull()
  })

  it('messages with parameters survive the trip through conform', () => {
    expect(decodeMessage(encodeMessage('k.k', { a: 1, b: 'x' }))).toEqual({ messageKey: 'k.k', params: { a: 1, b: 'x' } })
    expect(decodeMessage(encodeMessage('k.k'))).toEqual({ messageKey: 'k.k', params: {} })
  })
})

describe('apiHandle: the one way a JSON route answers', () => {
  // Load the dictionaries once before the tests. (The first error test also timed out at 5 s on a
  // loaded machine for another reason: resolving the request's language read the session cookie's
  // secret from the database — an embedded PGlite started inside a unit test — even with no
  // cookie at all. readSessionId now returns null without touching the secret when there is no
  // session cookie.)
  beforeAll(async () => {
    await getT('en')
    await getT('zh-CN')
  }, 60_000)

  const args = (lang = 'en') =>
    ({ request: new Request('http://localhost/api/v1/x', { headers: { 'accept-language': lang } }), params: {}, context: {} }) as never

  it('returns the body as JSON with the public API headers', async () => {
    const res = await apiHandle(async () => ({ data: 1 }))(args())
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ data: 1 })
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('a domain error becomes its status and code with a translated message', async () => {
    const notFound = await apiHandle(async () => {
      throw new NotFound()
    })(args())
    expect(notFound.status).toBe(404)
    expect((await notFound.json()).error.code).toBe('not_found')
    const bad = await apiHandle(async () => {
      throw new InvalidParameter('page')
    })(args('en'))
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({
      error: { code: 'invalid_parameter', parameter: 'page', message: 'The value of page is not valid.' },
    })
  })

  it('a bug stays a bug', async () => {
    await expect(
      apiHandle(async () => {
        throw new Error('bug')
      })(args()),
    ).rejects.toThrow('bug')
  })
})
