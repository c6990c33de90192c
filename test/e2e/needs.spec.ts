import type { APIRequestContext, Page } from '@playwright/test'
import { expect, login, test } from './fixtures'

/**
 * The acceptance journey (SPEC §4–5): an owner publishes a random-draw need through the
 * UI, three eligible demo agencies bid, the window closes (server clock moved with the guarded
 * test control, timed work run once), the public notice shows the result in publicity and the
 * draw verifies, publicity ends, the need is awarded.
 *
 * The server's clock is pinned to Monday 2026-06-15 10:00 (+08:00) first, so the working-day
 * windows are known; the demo needs (seeded with the real clock) are in other months and are
 * never touched. The clock is put back to real time at the end for the other specs.
 */

async function setServerClock(request: APIRequestContext, baseURL: string, iso: string) {
  const response = await request.post('/__test/clock', { form: { set: iso }, headers: { Origin: baseURL } })
  expect(response.status(), await response.text()).toBe(200)
}

async function runTick(request: APIRequestContext, baseURL: string) {
  const response = await request.post('/__test/tick', { headers: { Origin: baseURL } })
  expect(response.status(), await response.text()).toBe(200)
}

async function logout(page: Page) {
  await page.context().clearCookies()
}

test.describe.configure({ mode: 'serial' })

test('an owner publishes a random-draw need; three agencies bid; the draw verifies in publicity; the need is awarded', async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(120_000)
  const base = baseURL ?? ''
  try {
    await setServerClock(request, base, '2026-06-15T10:00:00+08:00')

    // The owner registers a project and publishes a need decided by random draw.
    await login(page, 'owner1@demo.example')
    await page.goto('/owner/projects')
    await page.locator('input[name="name"]').fill('E2E 年产 5000 吨改性塑料项目')
    await page.locator('input[name="projectCode"]').fill('2026-320982-29-03-900115')
    await page.locator('input[name="location"]').fill('江苏省盐城市大丰区')
    await page.locator('input[name="industry"]').fill('塑料制品')
    await page.locator('input[name="totalInvestment"]').fill('52000000')
    await page.locator('form.admin-form button[type="submit"]').click()
    await expect(page.getByText('2026-320982-29-03-900115').first()).toBeVisible()

    await page.goto('/owner/needs/new')
    await page.locator('select[name="projectId"]').selectOption({ label: 'E2E 年产 5000 吨改性塑料项目（2026-320982-29-03-900115）' })
    await page.locator('select[name="serviceTypeId"]').selectOption({ label: '环境影响评价报告表' })
    await page.locator('select[name="approvalItemId"]').selectOption({ label: '建设项目环境影响报告表审批' })
    const title = 'E2E 改性塑料项目环境影响报告表编制'
    await page.locator('input[name="title"]').fill(title)
    await page.locator('textarea[name="scope"]').fill('编制环境影响报告表，配合技术审查与修改。')
    await page.locator('input[name="priceCeiling"]').fill('80000')
    await page.locator('input[name="serviceDays"]').fill('12')
    await page.locator('select[name="method"]').selectOption('random')
    // Window (06-15, 06-24]: at least the 3 working days the rules ask for.
    await page.locator('input[name="registrationClosesOn"]').fill('2026-06-24')
    await page.locator('button[name="intent"][value="save"]').click()
    await page.waitForURL(/\/owner\/needs\/[0-9a-f-]{36}$/)
    const needId = new URL(page.url()).pathname.split('/').pop() ?? ''
    await page.locator('button[name="intent"][value="publish"]').click()
    await expect(page.getByTestId('need-facts')).toContainText('报名中')
    await expect(page.getByTestId('bids-sealed')).toBeVisible()
    await logout(page)

    // Three demo agencies eligible for EIA forms bid on the open need.
    for (const [email, quote, days] of [
      ['huanke@demo.example', '72000', '10'],
      ['lvyuan@demo.example', '68000', '12'],
      ['shuibao@demo.example', '75000', '11'],
    ] as const) {
      await login(page, email)
      await page.goto(`/agency/needs/${needId}`)
      await page.locator('input[name="quote"]').fill(quote)
      await page.locator('input[name="committedDays"]').fill(days)
      await page.locator('button[name="intent"][value="submit"]').click()
      await expect(page.getByTestId('own-bid')).toHaveCount(1)
      await logout(page)
    }

    // The window has closed: the timed work draws the winner and the result goes into publicity.
    await setServerClock(request, base, '2026-06-25T10:00:00+08:00')
    await runTick(request, base)
    await page.goto(`/needs/${needId}`)
    await expect(page.locator('main .status').first()).toHaveText('结果公示')
    await page.goto(`/draws/${needId}`)
    await expect(page.getByTestId('draw-verdict')).toContainText('验证通过')

    // Publicity over: the next run awards the need.
    await setServerClock(request, base, '2026-07-10T10:00:00+08:00')
    await runTick(request, base)
    await page.goto(`/needs/${needId}`)
    await expect(page.locator('main .status').first()).toHaveText('已成交')
  } finally {
    await setServerClock(request, base, new Date().toISOString())
  }
})
