import { login, test, expect } from './fixtures'
import { makeCreditCode } from '../../app/domain/organisations/social-credit-code'

// Issue 12, "Language": a user whose saved language is English got <html lang="zh-CN"> after
// logging in until a reload; the Messages link's aria-label omitted the unread count.

test('after logging in, a user whose saved language is English gets lang="en" without a reload', async ({ page, context }) => {
  const email = `lang-${Date.now()}@example.test`
  const creditCode = makeCreditCode({ serial: (Date.now() + 17) % 1_000_000_000, region: '320900' })
  await page.goto('/signup')
  await page.locator('input[name="organisationName"]').fill('盐城语言测试有限公司')
  await page.locator('input[name="creditCode"]').fill(creditCode)
  await page.locator('input[name="name"]').fill('测试员')
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill('a-long-enough-password')
  await page.locator('form#signup button[type="submit"]').click()
  await expect(page).toHaveURL(/\/owner$/)
  // Save English on the account, log out and forget the browser's language cookie.
  await page.getByTestId('locale-switch').click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await page.getByRole('button', { name: 'Log out' }).click()
  await context.clearCookies()
  await page.goto('/login')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')

  // Logging in (a client-side submission, no reload) switches the whole page to English.
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill('a-long-enough-password')
  await page.locator('form#login button[type="submit"]').click()
  await expect(page).toHaveURL(/\/owner$/)
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Owner workspace')
})

test("the Messages link's accessible name contains its visible text, unread count included", async ({ page }) => {
  // The demo objection notifies the regulator and the owner: owner1 has unread messages.
  for (const email of ['owner1@demo.example', 'ee@demo.example']) {
    await page.context().clearCookies()
    await login(page, email)
    const link = page.getByTestId('messages-link')
    const visible = (await link.innerText()).replace(/\s+/g, ' ').trim()
    const name = await link.evaluate((el) => el.getAttribute('aria-label'))
    expect(name, 'no aria-label overriding the visible text').toBeNull()
    await expect(link).toHaveAccessibleName(new RegExp(`^${visible.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
  }
})
