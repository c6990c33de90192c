import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { i18nOptions, type Locale } from '~/i18n/config'
import { en } from '~/i18n/en'
import { zhCN } from '~/i18n/zh-CN'

type Leaf = { key: string; group: string; name: string; value: string }

function leaves(obj: object, prefix = ''): Leaf[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'string' ? [{ key: `${prefix}${k}`, group: prefix.slice(0, -1), name: k, value: v }] : leaves(v, `${prefix}${k}.`),
  )
}

const dictionaries = { 'zh-CN': zhCN, en } as const
const isTerm = (l: Leaf) => l.key.startsWith('terms.')

/**
 * Lists outside the terms area whose entries share names with a terms list but name other things:
 * each says why. Anything else that shares two or more names with a terms list is a second
 * definition of the same things and must move to `terms.*`.
 */
const otherThings: Record<string, string> = {
  'nav.workspace': 'the workspace of each role (业主工作台), not the role',
  'clock.legend': 'the timeline legend: whose days a bar counts, not roles',
  'clock.status': "a clock segment's state, not a need state",
  'clock.phase': "the bundled clock's phase",
  notifications: 'messages sent on registry events (sentences)',
  'review.toast': 'confirmations after a regulator acts (sentences)',
  'auditEvents.action.need': 'audit events (what happened), not states',
  'auditEvents.action.agency.application': 'audit events (what happened), not states',
  'results.agencyHome.outcomes': 'what a bid came to; its entries that are states refer to terms with $t()',
  'results.disqualified': 'sentences on the result page',
  'results.disqualifiedOnly': 'sentences on the result page',
  'ownerSelection.refusals': 'refusal messages of the need state machine',
  'objections.errors': 'refusal messages of objections',
  'needs.bids.validation': 'field messages of the bid form',
  'agencyApp.home': 'sentences on the agency home',
  'needs.notify': 'notification sentences',
  'complaints.notify': 'notification sentences',
  'complaints.toast': 'confirmations after a regulator or complainant acts (sentences)',
  'auditEvents.action.complaint': 'audit events (what happened), not states',
  'contractService.deliveryOutcome': "what became of a delivered report, not a complaint's state",
  'contractService.outcome': "the owner's answer to an extension or pause request, not a repair application's state",
  'creditActions.regulator': "confirmations after a regulator decides a repair (sentences), not its state",
}

/** Single texts that are the same word as a state but name something else. */
const sameWordOtherThing: Record<string, string> = {
  'clock.status.paused': "a clock segment's pause (the clock of the approval phase pauses too, where no need state changes)",
  'common.active': 'a catalogue entry in use (启用), not an organisation status',
}

/** Term lists whose entries are states or methods: a word of theirs is never defined twice. */
const stateLists = ['terms.needState', 'terms.method', 'terms.bidStatus', 'terms.objectionStatus', 'terms.orgStatus', 'terms.applicationStatus']

describe('one vocabulary (the terms area)', () => {
  for (const [language, dict] of Object.entries(dictionaries)) {
    const all = leaves(dict)
    const terms = all.filter(isTerm)
    const termGroups = new Map<string, Set<string>>()
    for (const t of terms) termGroups.set(t.group, (termGroups.get(t.group) ?? new Set()).add(t.name))

    it(`${language}: no other area defines a list of the things a terms list names`, () => {
      const groups = new Map<string, Set<string>>()
      for (const l of all.filter((l) => !isTerm(l))) groups.set(l.group, (groups.get(l.group) ?? new Set()).add(l.name))
      const duplicates: string[] = []
      for (const [group, names] of groups) {
        if (group in otherThings) continue
        for (const [termGroup, termNames] of termGroups) {
          const shared = [...names].filter((n) => termNames.has(n))
          if (shared.length >= 2) duplicates.push(`${group} defines ${shared.join(', ')} again (see ${termGroup})`)
        }
      }
      expect(duplicates).toEqual([])
    })

    it(`${language}: every $t() reference names an existing term`, () => {
      const keys = new Set(terms.map((t) => t.key))
      const broken = all.flatMap((l) => [...l.value.matchAll(/\$t\(([^)]+)\)/g)].map((m) => m[1]).filter((k) => !keys.has(k)).map((k) => `${l.key} → ${k}`))
      expect(broken).toEqual([])
    })
  }

  it('no text outside the terms area repeats a state or method under its name, in either language (refer to it with $t())', () => {
    const repeats: string[] = []
    for (const dict of Object.values(dictionaries)) {
      const all = leaves(dict)
      const states = new Map(all.filter((l) => stateLists.includes(l.group)).map((l) => [`${l.name}\u0000${l.value}`, l.key]))
      for (const l of all) {
        const term = states.get(`${l.name}\u0000${l.value}`)
        if (term && !isTerm(l) && !(l.key in sameWordOtherThing)) repeats.push(`${l.key} repeats ${term}`)
      }
    }
    expect([...new Set(repeats)]).toEqual([])
  })

  it.each(['zh-CN', 'en'] as Locale[])('%s: a reference reads as the term it names', async (lng) => {
    const i18n = i18next.createInstance()
    await i18n.init({ ...i18nOptions, lng })
    const t = i18n.getFixedT(lng)
    expect(t('results.agencyHome.outcomes.evaluating')).toBe(t('terms.needState.evaluating'))
    expect(t('terms.orgKind.regulator')).toBe(t('terms.role.regulator'))
    expect(t('settings.fields.minValidBidsLowestPrice')).toBe(t('terms.method.lowest_price'))
    expect(t('terms.orgKind.regulator')).not.toContain('$t(')
  })

  it('names each need state and selection method as SPEC §4–§5 do', () => {
    expect(zhCN.terms.needState.evaluating).toBe('评选中')
    expect(zhCN.terms.needState.failed).toBe('已流标')
    expect(zhCN.terms.method).toEqual({ direct: '直接选取', random: '随机抽取', lowest_price: '竞价选取', comprehensive: '综合评分' })
    expect(en.terms.method.lowest_price).toBe('Lowest price')
  })
})
