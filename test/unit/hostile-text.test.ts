/**
 * The text blocks refuse characters no person types (NUL first: PostgreSQL refuses it in text)
 * with a field-level key, and keep legitimate Chinese text and line breaks; readForm refuses a
 * body that is not a form with 415 and an unreadable one with 400; runIntents answers a field
 * error (typed values kept) for such a character even when the schema has a bare z.string();
 * handle() turns a database data exception into a 400.
 */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ProjectSchema } from '~/domain/needs/schemas'
import { CONTROL_CHARACTERS, hasForbiddenCharacters, optionalText, plainText, requiredText } from '~/domain/validation'
import { readForm } from '~/utils/forms.server'
import { intent, runIntents } from '~/utils/intents.server'
import { handle, inputDataException } from '~/utils/handler.server'

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? [] : (result.error?.issues.map((i) => i.message) ?? [])

const post = (body: BodyInit | null, contentType?: string) =>
  new Request('http://localhost:3000/x', {
    method: 'POST',
    body,
    headers: contentType ? { 'Content-Type': contentType } : {},
  })

async function thrownStatus(promise: Promise<unknown>) {
  try {
    await promise
  } catch (thrown) {
    const value = thrown as { init?: { status?: number }; data?: { messageKey?: string } }
    return { status: value.init?.status, messageKey: value.data?.messageKey }
  }
  return null
}

describe('text blocks', () => {
  it('refuse NUL, other controls, non-characters and lone surrogates with input.controlCharacters', () => {
    for (const bad of [
      'a\u0000b',
      '\u0000',
      'x\u0007',
      'esc\u001b[31m',
      'del\u007f',
      'c1\u0085',
      'nc\uFFFE',
      'x\uD800y',
      'x\uDC00',
      'end\uD83D',
    ]) {
      expect(messages(requiredText(50).safeParse(bad)), JSON.stringify(bad)).toEqual([CONTROL_CHARACTERS])
      expect(messages(optionalText(50).safeParse(bad)), JSON.stringify(bad)).toEqual([CONTROL_CHARACTERS])
    }
    // Only the one message, even when the text is also too long.
    expect(messages(requiredText(3).safeParse('\u0000'.repeat(10)))).toEqual([CONTROL_CHARACTERS])
  })

  it('keep Chinese text, emoji, tabs and (unless single-line) line breaks', () => {
    expect(requiredText(100).parse('  环境影响评价报告书（第二版）  ')).toBe('环境影响评价报告书（第二版）')
    expect(requiredText(100).parse('编制范围：\n一、现场踏勘\r\n二、报告编制\t完成')).toBe(
      '编制范围：\n一、现场踏勘\r\n二、报告编制\t完成',
    )
    expect(optionalText(100).parse('附件 📎 已上传')).toBe('附件 📎 已上传')
    expect(optionalText(100).parse(undefined)).toBe('')
    expect(requiredText(100, { singleLine: true }).parse('南京市\t玄武区')).toBe('南京市\t玄武区')
    expect(messages(requiredText(100, { singleLine: true }).safeParse('第一行\n第二行'))).toEqual([CONTROL_CHARACTERS])
  })

  it('U+3000 alone is blank, hence required', () => {
    expect(messages(requiredText(10).safeParse('\u3000'))).toEqual(['validation.required'])
  })

  it('plainText takes its own required message', () => {
    expect(messages(plainText({ required: 'objections.validation.reasonRequired' }).safeParse(undefined))).toEqual([
      'objections.validation.reasonRequired',
    ])
  })

  it('hasForbiddenCharacters: a pair of surrogates is one character, not a lone half', () => {
    expect(hasForbiddenCharacters('😀')).toBe(false)
    expect(hasForbiddenCharacters('\uD83D')).toBe(true)
    expect(hasForbiddenCharacters('a\nb')).toBe(false)
    expect(hasForbiddenCharacters('a\nb', { singleLine: true })).toBe(true)
  })

  it('a schema field answers at its own name', () => {
    const result = ProjectSchema.safeParse({
      name: '厂房\u0000',
      projectCode: 'P-1',
      location: '南京',
      industry: '制造业',
      totalInvestment: '1',
    })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['name', CONTROL_CHARACTERS]])
  })
})

describe('readForm', () => {
  it('parses urlencoded and multipart forms', async () => {
    expect((await readForm(post('a=1&b=%E4%B8%AD', 'application/x-www-form-urlencoded; charset=UTF-8'))).get('b')).toBe(
      '中',
    )
    const form = new FormData()
    form.append('a', '2')
    expect((await readForm(new Request('http://localhost/x', { method: 'POST', body: form }))).get('a')).toBe('2')
  })

  it('refuses a body that is not a form with 415', async () => {
    for (const [body, type] of [
      ['{"a":1}', 'application/json'],
      ['a=1', 'text/plain'],
      ['a=1', undefined],
      ['a=1', 'multipart/form-data'],
    ] as const) {
      expect(await thrownStatus(readForm(post(body, type))), String(type)).toEqual({
        status: 415,
        messageKey: 'input.notAForm',
      })
    }
  })

  it('refuses an unreadable multipart body with 400', async () => {
    const broken = post(
      '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ\r\nContent-Disp',
      'multipart/form-data; boundary=XyZ',
    )
    expect(await thrownStatus(readForm(broken))).toEqual({ status: 400, messageKey: 'input.malformedForm' })
  })
})

describe('runIntents (the one way a form action runs)', () => {
  const Bare = z.object({ note: z.string(), title: z.string().min(1, 'validation.required') })
  type Refused = {
    data: { result: { error: Record<string, string[]>; initialValue: Record<string, string> } }
    init: { status: number }
  }

  it('answers a field error for a NUL even when the schema has a bare z.string(), keeping the typed values', async () => {
    let ran = false
    const outcome = (await runIntents(
      post(new URLSearchParams({ note: 'a\u0000b', title: '标题' }), 'application/x-www-form-urlencoded'),
      {
        default: intent({
          schema: Bare,
          run: async () => {
            ran = true
          },
          done: () => new Response(null, { status: 204 }),
        }),
      },
    )) as unknown as Refused
    expect(ran).toBe(false)
    expect(outcome.init.status).toBe(400)
    expect(outcome.data.result.error.note).toEqual([CONTROL_CHARACTERS])
    expect(outcome.data.result.initialValue).toEqual({ note: 'a\u0000b', title: '标题' })
  })

  it('merges with the schema’s own errors', async () => {
    const outcome = (await runIntents(post(new URLSearchParams({ note: '\u0007' }), 'application/x-www-form-urlencoded'), {
      default: intent({ schema: Bare, run: async () => null, done: () => new Response(null, { status: 204 }) }),
    })) as unknown as Refused
    expect(outcome.data.result.error).toMatchObject({ note: [CONTROL_CHARACTERS], title: expect.any(Array) })
  })
})

describe('handle()', () => {
  it('turns a database data exception (class 22) into a translated 400, anything else passes through', async () => {
    const nul = Object.assign(new Error('Failed query'), {
      cause: Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }),
    })
    expect(inputDataException(nul)).toBe('22021')
    expect(inputDataException(Object.assign(new Error('unique'), { code: '23505' }))).toBeNull()
    const request = post('a=1', 'application/x-www-form-urlencoded')
    const warn = console.warn
    console.warn = () => {}
    try {
      const action = handle(async () => {
        throw nul
      })
      expect(await thrownStatus(action({ request, params: {}, context: {} }))).toEqual({
        status: 400,
        messageKey: 'input.controlCharacters',
      })
      const bug = handle(async () => {
        throw new TypeError('a bug')
      })
      await expect(bug({ request, params: {}, context: {} })).rejects.toThrow('a bug')
    } finally {
      console.warn = warn
    }
  })
})
