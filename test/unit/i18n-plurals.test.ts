/**
 * Plural texts: a key rendered with a count comes as i18next plural forms (`key_one`, `key_other`,
 * in both languages so the key sets stay equal — Chinese only ever uses `_other`). English reads
 * right for 1 and for many; Chinese is the same text either way.
 */
import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { decide } from '~/domain/agencies/registry-lifecycle'
import { i18nOptions } from '~/i18n/config'
import { zhCN } from '~/i18n/zh-CN'

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)))
}

async function translator(lng: 'en' | 'zh-CN') {
  const instance = i18next.createInstance()
  await instance.init({ ...i18nOptions, lng })
  return instance.t.bind(instance)
}

describe('plural texts', () => {
  it('every plural key has both its _one and _other form, and no plain twin', () => {
    const all = new Set(keys(zhCN))
    for (const k of all) {
      const base = k.replace(/_(one|other)$/, '')
      if (base === k) continue
      expect(all.has(`${base}_one`), k).toBe(true)
      expect(all.has(`${base}_other`), k).toBe(true)
      expect(all.has(base), k).toBe(false)
    }
  })

  it('English reads right for 1 and for many', async () => {
    const t = await translator('en')
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['results.daysValue', {}, '1 working day', '2 working days'],
      ['results.ownerHome.liveBids', {}, '1 bid', '2 bids'],
      ['results.ownerHome.due.pickDirect', {}, 'Waiting for your direct pick (1 bid)', 'Waiting for your direct pick (2 bids)'],
      [
        'results.ownerHome.due.publicityObjections',
        { date: '2026-03-20' },
        'Result in publicity until 2026-03-20; 1 objection pending',
        'Result in publicity until 2026-03-20; 2 objections pending',
      ],
      ['ownerSelection.sealed', {}, 'Bids stay sealed until the window closes; 1 live bid so far.', 'Bids stay sealed until the window closes; 2 live bids so far.'],
      [
        'needs.errors.publishRefused',
        {},
        'The need was not published: 1 publishing rule is not met; see the message.',
        'The need was not published: 2 publishing rules are not met; see the messages.',
      ],
      ['directory.notices.count', {}, '1 notice', '2 notices'],
      ['directory.notices.detail.days', {}, '1 working day', '2 working days'],
      ['directory.results.count', {}, '1 agency', '2 agencies'],
      ['directory.exits.count', {}, '1 record', '2 records'],
      ['common.workingDays', {}, '1 working day', '2 working days'],
      ['settings.workingDaysValue', {}, '1 working day', '2 working days'],
      ['admin.logSigned', { root: 'ab12', at: '2026-12-03 10:00' }, 'Signed at 1 leaf on 2026-12-03 10:00, root ab12…', 'Signed at 2 leaves on 2026-12-03 10:00, root ab12…'],
      [
        'calendar.betweenResult',
        { from: '2026-03-02', to: '2026-03-03' },
        'There is 1 working day after 2026-03-02 up to and including 2026-03-03.',
        'There are 2 working days after 2026-03-02 up to and including 2026-03-03.',
      ],
      ['calendar.importDone', { year: 2027 }, 'Imported 1 day for 2027.', 'Imported 2 days for 2027.'],
      ['agency.errors.openWork', {}, 'There is 1 open bid or contract; the agency cannot exit yet.', 'There are 2 open bids or contracts; the agency cannot exit yet.'],
      ['agencyApp.exit.openWork', {}, 'There is 1 open bid or contract; the agency cannot exit yet.', 'There are 2 open bids or contracts; the agency cannot exit yet.'],
      ['review.home.pendingCount', {}, '1 application in your remit awaits review.', '2 applications in your remit await review.'],
    ]
    for (const [key, vars, one, many] of cases) {
      expect(t(key, { ...vars, count: 1 })).toBe(one)
      expect(t(key, { ...vars, count: 2 })).toBe(many)
    }
    expect(t('results.validCount', { count: 1, valid: 1, min: 1 })).toBe('1 valid bid (at least 1 required).')
    expect(t('results.validCount', { count: 4, valid: 4, min: 3 })).toBe('4 valid bids (at least 3 required).')
    expect(t('results.failed', { count: 1, valid: 1, min: 3 })).toBe('1 valid bid, fewer than the required 3: this round failed.')
    expect(t('results.ownerHome.due.failedDecision', { count: 1, valid: 1, min: 3 })).toBe(
      'Failed (1 valid bid, at least 3 required): re-post it or switch to direct selection',
    )
    expect(t('results.ownerHome.due.failedDecision', { count: 2, valid: 2, min: 3 })).toBe(
      'Failed (2 valid bids, at least 3 required): re-post it or switch to direct selection',
    )
    expect(t('results.failed', { count: 0, valid: 0, min: 3 })).toBe('0 valid bids, fewer than the required 3: this round failed.')
  })

  it('Chinese uses the one form for every count', async () => {
    const t = await translator('zh-CN')
    expect(t('results.daysValue', { count: 1 })).toBe('1 个工作日')
    expect(t('results.daysValue', { count: 2 })).toBe('2 个工作日')
    expect(t('directory.notices.count', { count: 1 })).toBe('共 1 条公告')
    expect(t('agency.errors.openWork', { count: 1 })).toBe('还有 1 项进行中的投标或合同，暂不能退出。')
  })

  it('the registry passes the open-work count as a number, so the plural form is found', async () => {
    const decision = decide('exitVoluntary', {
      actor: { role: 'agency', organisationId: 'agency-1', supervisedServiceTypeIds: [] },
      agency: { organisationId: 'agency-1', status: 'active', serviceTypeIds: [], openWork: 1, reentryFrom: null },
      application: null,
      today: '2026-03-02',
    })
    if (decision.ok) throw new Error('exit with open work was allowed')
    const t = await translator('en')
    // i18next skips the plural lookup for a string count and prints the bare key.
    expect(t('agency.errors.openWork', decision.params)).toBe('There is 1 open bid or contract; the agency cannot exit yet.')
  })
})
