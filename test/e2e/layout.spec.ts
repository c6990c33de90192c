import type { Page } from '@playwright/test'
import { expect, login, test } from './fixtures'

/**
 * Issue 12, "Layout": no page scrolls sideways at 375 px (a phone) or 1,280 px (a laptop), in
 * either language, public or signed in as each demo role. A wide table may scroll inside its own
 * box; the page must not. Also: the header is one row at 1,280 px when signed in, status badges
 * and calculator buttons are one line, and no table cell or button wraps one character per line.
 */

const widths = [375, 1280] as const
const locales = ['zh-CN', 'en'] as const
// The `lng` cookie as Remix's createCookie writes it (base64 of the JSON string, URL-encoded).
const lngCookie = { 'zh-CN': encodeURIComponent(btoa('"zh-CN"')), en: encodeURIComponent(btoa('"en"')) }

interface Journey {
  name: string
  email?: string
  pages: string[]
  /** A list page and the pattern of the detail links on it: the first match is visited too. */
  details: [list: string, link: RegExp][]
}

const journeys: Journey[] = [
  {
    name: 'public',
    pages: ['/', '/needs', '/agencies', '/calendar', '/calendar/clock-demo', '/catalogue', '/blacklist', '/exits', '/login', '/signup'],
    details: [
      ['/needs', /^\/needs\/[^/?]+$/],
      ['/agencies', /^\/agencies\/[^/?]+$/],
    ],
  },
  {
    name: 'owner',
    email: 'owner1@demo.example',
    pages: ['/owner', '/owner/needs', '/owner/projects', '/notifications'],
    details: [['/owner/needs', /^\/owner\/needs\/[^/?]+$/]],
  },
  {
    name: 'agency',
    email: 'huanke@demo.example',
    pages: ['/agency', '/agency/needs', '/agency/application', '/agency/exit'],
    details: [['/agency/needs', /^\/agency\/needs\/[^/?]+$/]],
  },
  {
    name: 'regulator',
    email: 'ee@demo.example',
    pages: ['/regulator', '/regulator/objections', '/review/applications', '/review/agencies'],
    details: [
      ['/regulator/objections', /^\/regulator\/objections\/[^/?]+$/],
      ['/review/applications', /^\/review\/applications\/[^/?]+$/],
      ['/review/agencies', /^\/review\/agencies\/[^/?]+$/],
    ],
  },
  {
    name: 'admin',
    email: 'admin@demo.example',
    pages: ['/admin', '/admin/service-types', '/admin/approval-items', '/admin/qualification-types', '/admin/departments', '/admin/calendar', '/admin/marketplace', '/admin/accounts'],
    details: [
      ['/admin/service-types', /^\/admin\/service-types\/[^/?]+$/],
      ['/admin/approval-items', /^\/admin\/approval-items\/[^/?]+$/],
      ['/admin/qualification-types', /^\/admin\/qualification-types\/[^/?]+$/],
      ['/admin/departments', /^\/admin\/departments\/[^/?]+$/],
    ],
  },
]

/** What is wrong with the layout of the page on screen, as readable lines; empty when nothing. */
async function layoutProblems(page: Page, signedIn: boolean): Promise<string[]> {
  return page.evaluate((signedIn) => {
    const problems: string[] = []
    const vw = window.innerWidth
    const describe = (el: Element) => {
      const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : ''
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)
      return `<${el.tagName.toLowerCase()}${cls}> "${text}"`
    }
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect()
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'
    }
    /** Lines the element's text occupies (distinct line tops of its text rectangles). */
    const lines = (el: Element) => {
      const range = document.createRange()
      range.selectNodeContents(el)
      const tops = new Set<number>()
      for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top))
      return tops.size
    }

    // 1. The page does not scroll sideways; name the widest culprits.
    const scrollWidth = document.documentElement.scrollWidth
    if (scrollWidth > vw) {
      const over = [...document.querySelectorAll('body *')].filter((el) => {
        if (el.getBoundingClientRect().right <= vw + 0.5) return false
        // Inside a box that scrolls by itself: that box contains it.
        for (let p = el.parentElement; p; p = p.parentElement) {
          const ox = getComputedStyle(p).overflowX
          if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') return false
        }
        return true
      })
      // The innermost offenders: those with no offending child.
      const leaves = over.filter((el) => !over.some((o) => o !== el && el.contains(o)))
      const named = leaves
        .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
        .slice(0, 4)
        .map((el) => `${describe(el)} right=${Math.round(el.getBoundingClientRect().right)}`)
      problems.push(`scrolls sideways: scrollWidth ${scrollWidth} > ${vw}; widest: ${named.join('; ')}`)
    }

    // 2. Status badges are one line and never wrap (tags hold long names: they may wrap, check 3).
    for (const el of document.querySelectorAll('.status, .badge')) {
      if (!visible(el)) continue
      if (getComputedStyle(el).whiteSpace !== 'nowrap') problems.push(`badge may wrap (white-space not nowrap): ${describe(el)}`)
      else if (lines(el) > 1 || el.getClientRects().length > 1) problems.push(`badge wraps: ${describe(el)}`)
    }

    // 3. Nothing wraps one character per line: table cells, buttons, badges, links.
    for (const el of document.querySelectorAll('td, th, button, .button, dd, .tag')) {
      if (!visible(el)) continue
      const chars = [...(el.textContent ?? '').replace(/\s+/g, '')].length
      if (chars < 3) continue
      const n = lines(el)
      if (n >= 3 && n >= chars * 0.5) problems.push(`one character per line (${n} lines for ${chars} characters): ${describe(el)}`)
    }

    // 4. Buttons are not narrower than their text (the calculator's wrapped to one character a line).
    for (const el of document.querySelectorAll('.calc-form button, button.small, .button.small')) {
      if (!visible(el)) continue
      if (lines(el) > 1) problems.push(`button text wraps: ${describe(el)}`)
    }

    // 5. Signed in at a laptop width, the header is one row.
    if (signedIn && vw >= 1280) {
      const header = document.querySelector('.site-header')
      if (header) {
        const items = [...header.querySelectorAll(':scope > *, .main-nav > *, .header-tools > *')].filter(visible)
        const centres = items.map((el) => {
          const r = el.getBoundingClientRect()
          return r.top + r.height / 2
        })
        const spread = Math.max(...centres) - Math.min(...centres)
        if (spread > 12) problems.push(`header is not one row at ${vw}px (items' vertical centres differ by ${Math.round(spread)}px, header ${Math.round(header.getBoundingClientRect().height)}px high)`)
        for (const el of items) if (lines(el) > 1) problems.push(`header item wraps: ${describe(el)}`)
      }
    }
    return problems
  }, signedIn)
}

async function firstDetailLink(page: Page, list: string, pattern: RegExp): Promise<string | null> {
  await page.goto(list)
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))
  return hrefs.find((h) => pattern.test(h)) ?? null
}

for (const journey of journeys) {
  for (const locale of locales) {
    for (const width of widths) {
      test(`layout: ${journey.name}, ${locale}, ${width}px — no sideways scrolling, no wrapped badges or buttons`, async ({ page, context, baseURL }) => {
        test.setTimeout(180_000)
        await page.setViewportSize({ width, height: 900 })
        if (journey.email) await login(page, journey.email)
        // After login (which may set the language), choose the language under test.
        await context.addCookies([{ name: 'lng', value: lngCookie[locale], url: baseURL! }])

        const pages = [...journey.pages]
        for (const [list, pattern] of journey.details) {
          const link = await firstDetailLink(page, list, pattern)
          expect(link, `a detail link on ${list}`).not.toBeNull()
          pages.push(link!)
        }
        // The public need page of a need with a draw, and its draw page.
        if (journey.name === 'public') {
          const response = await page.request.get('/api/v1/needs')
          const body = (await response.json()) as { data?: { id: string }[]; needs?: { id: string }[] }
          const ids = (body.data ?? body.needs ?? []).map((n) => n.id)
          for (const id of ids.slice(0, 4)) {
            pages.push(`/needs/${id}`)
            pages.push(`/draws/${id}`)
          }
        }

        const problems: string[] = []
        for (const path of [...new Set(pages)]) {
          const response = await page.goto(path)
          if (path.startsWith('/draws/') && response?.status() === 404) continue // no draw for this need
          expect(response?.status(), `${path} answers`).toBeLessThan(400)
          await expect(page.locator('html')).toHaveAttribute('lang', locale)
          for (const p of await layoutProblems(page, !!journey.email)) problems.push(`${path}: ${p}`)
        }
        expect(problems, `layout problems at ${width}px (${locale})`).toEqual([])
      })
    }
  }
}
