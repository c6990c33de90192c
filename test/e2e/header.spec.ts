import type { BrowserContext, Page } from '@playwright/test'
import { expect, login, test } from './fixtures'

/**
 * The header's main navigation folds behind a menu button below the width at which the whole
 * header fits on one row (app.css: zh-CN 720 px signed out, 1,100 px signed in; English 1,280 px
 * signed out, 1,800 px signed in), so every role's own links — the Contracts link of the owner,
 * the agency and the regulator included — stay on the header at 1,280 px and at 375 px, in both
 * languages (test/e2e/layout.spec.ts checks the one row and the scrolling for every role). The
 * menu is a native disclosure: it opens and closes without JavaScript too.
 */

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>

const publicLinkNames = {
  'zh-CN': ['采购公告', '中介机构', '黑名单', '退出记录', '工作日历', '服务目录'],
  en: ['Notices', 'Agencies', 'Blacklist', 'Exit records', 'Working days', 'Catalogue'],
} as const
const menuName = { 'zh-CN': '菜单', en: 'Menu' } as const
const contractsName = { 'zh-CN': '合同', en: 'Contracts' } as const

/** Below these widths the main navigation is folded into the menu. */
const foldedBelow = { 'zh-CN': { signedOut: 720, signedIn: 1100 }, en: { signedOut: 1280, signedIn: 1800 } } as const

const mainNav = (page: Page) => page.locator('nav#main-nav')
const menuButton = (page: Page) => page.getByTestId('nav-menu')

async function visit(page: Page, path: string) {
  const response = await page.goto(path, { waitUntil: 'domcontentloaded' })
  expect(response?.status(), `${path} answers`).toBe(200)
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' })
}

async function chooseLanguage(page: Page, language: 'zh-CN' | 'en') {
  if ((await page.locator('html').getAttribute('lang')) !== language) await page.getByTestId('locale-switch').click()
  await expect(page.locator('html')).toHaveAttribute('lang', language)
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' })
}

test.describe('header: signed out', () => {
  test('at 1,280 px the links are on the row and there is no menu; at 375 px they fold behind it (both languages)', async ({
    page,
  }) => {
    await visit(page, '/')
    for (const language of ['zh-CN', 'en'] as const) {
      await chooseLanguage(page, language)
      expect(foldedBelow[language].signedOut).toBeLessThanOrEqual(1280)
      await page.setViewportSize({ width: 1280, height: 800 })
      await expect(menuButton(page), language).toBeHidden()
      for (const name of publicLinkNames[language])
        await expect(mainNav(page).getByRole('link', { name }), language).toBeVisible()

      await page.setViewportSize({ width: 375, height: 800 })
      await expect(menuButton(page), language).toBeVisible()
      await expect(menuButton(page), language).toHaveAccessibleName(menuName[language])
      await expect(mainNav(page), language).toBeHidden()
    }
  })

  test('the menu opens and closes with a click or Escape, and closes after a navigation', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 })
    await visit(page, '/')
    await menuButton(page).click()
    await expect(page.locator('details.nav-menu')).toHaveAttribute('open', '')
    for (const name of publicLinkNames['zh-CN']) await expect(mainNav(page).getByRole('link', { name })).toBeVisible()
    await menuButton(page).click()
    await expect(mainNav(page)).toBeHidden()

    await menuButton(page).click()
    await mainNav(page).getByRole('link', { name: '中介机构' }).focus()
    await page.keyboard.press('Escape')
    await expect(mainNav(page)).toBeHidden()
    await expect(menuButton(page)).toBeFocused()

    await menuButton(page).click()
    await mainNav(page).getByRole('link', { name: '工作日历' }).click()
    await expect(page).toHaveURL(/\/calendar$/)
    await expect(mainNav(page)).toBeHidden()
    await expect(page.locator('details.nav-menu')).not.toHaveAttribute('open')
  })
})

test.describe('header: without JavaScript', () => {
  test.use({ javaScriptEnabled: false })
  test('the menu still opens, and its links work', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 })
    const response = await page.goto('/')
    expect(response?.status()).toBe(200)
    await expect(mainNav(page)).toBeHidden()
    await menuButton(page).click()
    await mainNav(page).getByRole('link', { name: '黑名单' }).click()
    await expect(page).toHaveURL(/\/blacklist$/)
    await expect(mainNav(page)).toBeHidden()
  })
})

const roles = [
  { name: 'owner', email: 'owner1@demo.example' },
  { name: 'agency', email: 'huanke@demo.example' },
  { name: 'regulator', email: 'ee@demo.example' },
] as const

for (const role of roles) {
  test.describe(`header: ${role.name}`, () => {
    let state: StorageState

    test.beforeAll(async ({ browser }, testInfo) => {
      const { baseURL, locale } = testInfo.project.use
      const context = await browser.newContext({ baseURL, locale })
      const page = await context.newPage()
      await login(page, role.email)
      state = await context.storageState()
      await context.close()
    })

    // The language is saved on the account: put the demo's zh-CN back.
    test.afterAll(async ({ browser }, testInfo) => {
      if (!state) return
      const { baseURL, locale } = testInfo.project.use
      const context = await browser.newContext({ baseURL, locale, storageState: state })
      const page = await context.newPage()
      await visit(page, '/notifications')
      await chooseLanguage(page, 'zh-CN')
      await context.close()
    })

    test.use({ storageState: async ({}, provide) => provide(state) })

    test(`${role.name}: the Contracts link is on the header at 1,280 and 375 px in both languages; the main navigation folds into the menu where it does not fit`, async ({
      page,
    }) => {
      await visit(page, '/notifications')
      for (const language of ['zh-CN', 'en'] as const) {
        await chooseLanguage(page, language)
        for (const width of [1280, 375]) {
          await page.setViewportSize({ width, height: 800 })
          const where = `${language}, ${width}px`
          const contracts = page.locator('.site-header').getByRole('link', { name: contractsName[language], exact: true })
          await expect(contracts, where).toBeVisible()
          await expect(contracts, where).toHaveAttribute('href', '/contracts')
          if (width >= foldedBelow[language].signedIn) {
            await expect(menuButton(page), where).toBeHidden()
            for (const name of publicLinkNames[language])
              await expect(mainNav(page).getByRole('link', { name }), where).toBeVisible()
            continue
          }
          await expect(mainNav(page), where).toBeHidden()
          await expect(menuButton(page), where).toHaveAccessibleName(menuName[language])
          await menuButton(page).click()
          for (const name of publicLinkNames[language])
            await expect(mainNav(page).getByRole('link', { name }), where).toBeVisible()
          // Open, the menu leaves the role's own links where they were.
          await expect(contracts, where).toBeVisible()
          await menuButton(page).click()
          await expect(mainNav(page), where).toBeHidden()
        }
      }
      // Wide enough for everything on one row (English, the widest), the links are shown and the menu button is not.
      await page.setViewportSize({ width: foldedBelow.en.signedIn, height: 800 })
      await expect(menuButton(page)).toBeHidden()
      for (const name of publicLinkNames.en) await expect(mainNav(page).getByRole('link', { name })).toBeVisible()
    })
  })
}
