import type { Page } from '@playwright/test'
import { expect, login, test } from './fixtures'

/**
 * Issue 14's blacklist acceptance: a regulator blacklists an agency → the agency sees the refusal
 * reason when it tries to bid → the public blacklist page shows it → the agency appeals → the
 * admin office decides (upheld: the entry is lifted and the agency may bid again).
 *
 * Its own data: owner1 publishes a land-survey need (a service type no other spec bids on), and
 * the demo surveyor 江苏天地测绘院 (cehui, used by no other spec) is blacklisted by the natural
 * resources bureau (nrp), which supervises land surveys. The server's real clock is used: the
 * window closes two weeks on, and nothing here runs the timed work.
 */

const AGENCY = '江苏天地测绘院有限公司'

async function logout(page: Page) {
  await page.context().clearCookies()
}

/** A calendar date in Shanghai `days` from now. */
function shanghaiDateIn(days: number) {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

test('a regulator blacklists an agency; its bid is refused with the reason; the public page shows it; the agency appeals; the admin office decides', async ({
  page,
}) => {
  test.setTimeout(120_000)

  // The owner publishes a land-survey need the agency could otherwise bid on.
  await login(page, 'owner1@demo.example')
  await page.goto('/owner/projects')
  await page.locator('input[name="name"]').fill('E2E 黑名单 测绘用地项目')
  await page.locator('input[name="projectCode"]').fill('2026-320982-29-03-900414')
  await page.locator('input[name="location"]').fill('江苏省盐城市大丰区')
  await page.locator('input[name="industry"]').fill('仓储')
  await page.locator('input[name="totalInvestment"]').fill('12000000')
  await page.locator('form.admin-form button[type="submit"]').click()
  await expect(page.getByText('2026-320982-29-03-900414').first()).toBeVisible()

  await page.goto('/owner/needs/new')
  await page
    .locator('select[name="projectId"]')
    .selectOption({ label: 'E2E 黑名单 测绘用地项目（2026-320982-29-03-900414）' })
  await page.locator('select[name="serviceTypeId"]').selectOption({ label: '土地勘测定界' })
  await page.locator('select[name="approvalItemId"]').selectOption({ label: '建设项目用地预审与选址意见书' })
  await page.locator('input[name="title"]').fill('E2E 黑名单 用地勘测定界')
  await page.locator('textarea[name="scope"]').fill('实地测定用地界址与面积，出具勘测定界图和技术报告。')
  await page.locator('input[name="priceCeiling"]').fill('30000')
  await page.locator('select[name="qualificationTypeId"]').selectOption({ label: '测绘资质' })
  await page.locator('input[name="serviceDays"]').fill('8')
  await page.locator('select[name="method"]').selectOption('random')
  await page.locator('input[name="registrationClosesOn"]').fill(shanghaiDateIn(14))
  await page.locator('button[name="intent"][value="save"]').click()
  await page.waitForURL(/\/owner\/needs\/[0-9a-f-]{36}$/)
  const needId = new URL(page.url()).pathname.split('/').pop() ?? ''
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1)
  await page.locator('button[name="intent"][value="publish"]').click()
  await expect(page.getByTestId('need-facts')).toContainText('报名中')
  await logout(page)

  // Before the listing the agency may bid.
  await login(page, 'cehui@demo.example')
  await page.goto(`/agency/needs/${needId}`)
  await expect(page.locator('input[name="quote"]')).toBeVisible()
  await expect(page.getByTestId('ineligible')).toHaveCount(0)
  await logout(page)

  // The regulator supervising land surveys lists it, in the scope of land surveys; a missing reason is refused at its field first.
  await login(page, 'nrp@demo.example')
  await page.goto('/regulator')
  await page.getByRole('link', { name: '黑名单管理' }).click()
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1)
  await page.locator('select[name="agencyId"]').selectOption({ label: AGENCY })
  await page.locator('input[name="legalBasis"]').fill('《中介服务网上超市管理办法》第二十三条')
  await page.getByRole('radio', { name: '指定服务事项' }).check()
  await page.getByRole('checkbox', { name: '土地勘测定界' }).check()
  await page.locator('[name="confirm"]').check()
  await page.getByRole('button', { name: '列入黑名单' }).click()
  await expect(page.getByText('请填写列入事由。')).toBeVisible()
  const reason = 'E2E 提交虚假业绩材料，情节严重'
  await page.locator('textarea[name="reason"]').fill(reason)
  await page.getByRole('button', { name: '列入黑名单' }).click()
  await page.waitForURL(/\/regulator\/blacklist\/[0-9a-f-]{36}$/)
  const entryId = new URL(page.url()).pathname.split('/').pop() ?? ''
  await expect(page.getByTestId('blacklist-entry')).toContainText(reason)
  await expect(page.getByTestId('blacklist-entry')).toContainText('生效中')
  await logout(page)

  // The agency tries to bid: refused, with the reason.
  await login(page, 'cehui@demo.example')
  await page.goto(`/agency/needs/${needId}`)
  await expect(page.getByTestId('ineligible')).toContainText('机构被列入黑名单')
  await expect(page.locator('input[name="quote"]')).toHaveCount(0)
  await logout(page)

  // The public blacklist shows it, in both languages.
  await page.goto('/blacklist')
  const row = page.locator(`tr[data-entry="${entryId}"]`)
  await expect(row).toContainText(AGENCY)
  await expect(row).toContainText(reason)
  await expect(row).toContainText('土地勘测定界')
  await expect(row).toContainText('生效中')
  const api = await page.request.get('/api/v1/blacklist')
  expect(api.status()).toBe(200)
  expect(((await api.json()) as { data: { id: string; status: string }[] }).data).toContainEqual(
    expect.objectContaining({ id: entryId, status: 'in_force' }),
  )

  // The agency appeals, once.
  await login(page, 'cehui@demo.example')
  await page.goto('/agency/blacklist')
  await page.locator(`tr[data-entry="${entryId}"]`).getByRole('link').last().click()
  await page.waitForURL(`**/agency/blacklist/${entryId}`)
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1)
  await page.locator('textarea[name="text"]').fill('E2E 申诉：所涉业绩均有合同原件与验收文件，可供核查。')
  await page.locator('[name="confirm"]').check()
  await page.getByRole('button', { name: '提交申诉' }).click()
  await expect(page.getByTestId('blacklist-entry')).toContainText('申诉待处理')
  await expect(page.getByRole('button', { name: '提交申诉' })).toHaveCount(0)
  await logout(page)

  // The admin office upholds it with reasons: the entry is lifted.
  await login(page, 'admin@demo.example')
  await page.goto(`/admin/blacklist/${entryId}`)
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1)
  await expect(page.getByTestId('appeal-text')).toContainText('合同原件')
  await page.getByRole('radio', { name: '申诉成立（移出黑名单）' }).check()
  await page.locator('textarea[name="reasons"]').fill('E2E 经核查合同原件，业绩属实，申诉成立。')
  await page.locator('[name="confirm"]').check()
  await page.getByRole('button', { name: '提交处理结果' }).click()
  await expect(page.getByTestId('blacklist-entry')).toContainText('申诉成立')
  await expect(page.getByTestId('blacklist-entry')).toContainText('已提前移出')
  await logout(page)

  // The public history keeps it, lifted; the agency may bid again.
  await page.goto('/blacklist')
  await expect(row).toContainText('已提前移出')
  await expect(row).toContainText('E2E 经核查合同原件')
  await login(page, 'cehui@demo.example')
  await page.goto(`/agency/needs/${needId}`)
  await expect(page.getByTestId('ineligible')).toHaveCount(0)
  await expect(page.locator('input[name="quote"]')).toBeVisible()
})
