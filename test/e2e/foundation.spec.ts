import { login, test, expect } from './fixtures'
import { makeCreditCode } from '../../app/domain/organisations/social-credit-code'

test('a newcomer signs up as an owner, logs in, switches language and logs out', async ({ page }) => {
  const email = `owner-${Date.now()}@example.test`
  const creditCode = makeCreditCode({ serial: Date.now() % 1_000_000_000, region: '320900' })
  await page.goto('/')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('投资建设审批中介服务网上超市')
  await expect(page.getByRole('link', { name: '注册', exact: true }).first()).toHaveAttribute('href', '/signup')
  // A full page load (not a client-side navigation), then the first submit must show the errors.
  await page.goto('/signup')

  // A bad submission: field errors in Chinese, typed values kept, password not.
  await page.locator('input[name="organisationName"]').fill('盐城端到端测试有限公司')
  await page.locator('input[name="creditCode"]').fill(creditCode.slice(0, 17) + (creditCode.endsWith('0') ? '1' : '0'))
  await page.locator('input[name="name"]').fill('测试员')
  await page.locator('input[name="email"]').fill('not-an-email')
  await page.locator('input[name="password"]').fill('short')
  await page.locator('form#signup button[type="submit"]').click()
  await expect(page.getByText('请输入有效的电子邮箱地址。')).toBeVisible()
  await expect(page.getByText('校验码不正确，请核对统一社会信用代码。')).toBeVisible()
  await expect(page.getByText('密码至少需要 10 个字符。')).toBeVisible()
  await expect(page.locator('input[name="organisationName"]')).toHaveValue('盐城端到端测试有限公司')

  await page.locator('input[name="creditCode"]').fill(creditCode)
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill('a-long-enough-password')
  await page.locator('form#signup button[type="submit"]').click()
  await expect(page).toHaveURL(/\/owner$/)
  await expect(page.getByTestId('organisation-name')).toHaveText('盐城端到端测试有限公司')

  // Log out, then log in again with the new account.
  await page.getByRole('button', { name: '退出登录' }).click()
  await expect(page.getByText('您已退出登录。')).toBeVisible()
  await login(page, email, 'a-long-enough-password')
  await expect(page).toHaveURL(/\/owner$/)

  // Switch to English: the whole shell follows.
  await page.getByTestId('locale-switch').click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Owner workspace')
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Online marketplace for investment-approval intermediary services')

  await page.getByRole('button', { name: 'Log out' }).click()
  await expect(page.getByText('You have logged out.')).toBeVisible()
  // The language choice outlives the session.
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
})

test('the admin edits an approval item, and P > L is refused with a field error', async ({ page }) => {
  await login(page, 'admin@demo.example')
  await expect(page).toHaveURL(/\/admin$/)
  await page.goto('/admin/approval-items')
  await page.getByRole('link', { name: '编辑' }).first().click()
  await expect(page).toHaveURL(/\/admin\/approval-items\/[0-9a-f-]{36}$/)

  const statutory = page.locator('input[name="statutoryDays"]')
  const committed = page.locator('input[name="committedDays"]')
  const name = page.locator('input[name="nameZh"]')
  const L = Number(await statutory.inputValue())

  await committed.fill(String(L + 1))
  await name.fill('改名后的审批事项')
  await page.locator('button[type="submit"]').last().click()
  await expect(page.getByText('承诺时限 P 不能超过法定时限 L。')).toBeVisible()
  await expect(name).toHaveValue('改名后的审批事项')

  await committed.fill(String(Math.max(1, L - 1)))
  await page.locator('button[type="submit"]').last().click()
  await expect(page).toHaveURL(/\/admin\/approval-items$/)
  await expect(page.getByText('已保存，并写入审计日志。')).toBeVisible()
  await expect(page.getByText('改名后的审批事项')).toBeVisible()
})

test('the server checks P > L too (no browser validation)', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await login(page, 'admin@demo.example')
  await page.getByTestId('locale-switch').click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await page.goto('/admin/approval-items')
  await page.getByRole('link', { name: 'Edit' }).first().click()
  const L = Number(await page.locator('input[name="statutoryDays"]').inputValue())
  await page.locator('input[name="committedDays"]').fill(String(L + 5))
  await page.locator('button[type="submit"]').last().click()
  await expect(page.getByText('The committed limit P cannot exceed the statutory limit L.')).toBeVisible()
  await context.close()
})

test('public pages answer, unknown URLs are a real 404, healthz names the database', async ({ page, request }) => {
  for (const path of ['/', '/needs', '/agencies', '/blacklist', '/exits', '/calendar', '/catalogue', '/login', '/signup']) {
    const response = await page.goto(path)
    expect(response?.status(), path).toBe(200)
  }
  const missing = await page.goto('/no/such/page')
  expect(missing?.status()).toBe(404)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('未找到')
  const health = await request.get('/healthz')
  expect(await health.json()).toMatchObject({ status: 'ok', database: 'pglite', log: { lagMs: expect.any(Number), pending: expect.any(Number) } })
})

test('an owner is refused the admin area with 403', async ({ page }) => {
  await login(page, 'owner1@demo.example')
  await expect(page).toHaveURL(/\/owner$/)
  const response = await page.goto('/admin/approval-items')
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('无权访问')
})
