import { test as base, expect, type Page } from '@playwright/test'

export const DEMO_PASSWORD = 'demo-password-2026'

/** Every test fails on a console error or an uncaught page error. */
export const test = base.extend<{ page: Page }>({
  page: async ({ page }, provide) => {
    const problems: string[] = []
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`)
    })
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    await provide(page)
    expect(problems, 'the page logged errors').toEqual([])
  },
})

export { expect }

export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill(password)
  await page.locator('form#login button[type="submit"]').click()
}
