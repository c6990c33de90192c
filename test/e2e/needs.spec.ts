import { expect, login, logout, runTick, setServerClock, test } from './fixtures'

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
    // The saved draft keeps its approval item once the page is hydrated (the filtered list used to drop it).
    await expect(page.locator('html[data-hydrated]')).toHaveCount(1)
    await expect(page.locator('select[name="approvalItemId"] option:checked')).toHaveText('建设项目环境影响报告表审批')
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
    await logout(page)

    // A bidder that was not drawn objects during publicity; the winner sees no objection form.
    const grounds = 'E2E 异议：中选机构的项目负责人同时承担另一项目。'
    let objected = false
    for (const email of ['huanke@demo.example', 'lvyuan@demo.example', 'shuibao@demo.example']) {
      await login(page, email)
      await page.goto(`/agency/needs/${needId}`)
      const reason = page.locator('textarea[name="reason"]')
      if (!objected && (await reason.count()) > 0) {
        await page.locator('button[name="intent"][value="object"]').click()
        await expect(page.locator('#objection-reason-error, .field-errors').first()).toContainText('请填写异议理由')
        await reason.fill(grounds)
        // One objection per round, never withdrawn: the form is confirmed (issue 12).
        await page.locator('#objection [name="confirm"]').check()
        await page.locator('button[name="intent"][value="object"]').click()
        await expect(page.getByTestId('own-objection')).toContainText('待裁决')
        objected = true
      }
      await logout(page)
    }
    expect(objected).toBe(true)

    // The environment bureau's regulator rejects it from its queue; the need stays in publicity.
    await login(page, 'ee@demo.example')
    await page.goto('/regulator')
    await page.getByRole('link', { name: '处理异议' }).click()
    await page.getByTestId('objections-pending').getByRole('row').filter({ hasText: title }).getByRole('link', { name: '查看' }).click()
    await expect(page.getByTestId('objection-reason')).toHaveText(grounds)
    await page.getByLabel('异议不成立：维持选取结果').check()
    await page.locator('textarea[name="reason"]').fill('经核查，该负责人已按规定变更，异议不成立。')
    // A ruling is final and published: the form is confirmed (issue 12).
    await page.locator('#ruling [name="confirm"]').check()
    await page.getByRole('button', { name: '作出裁决' }).click()
    await expect(page.getByTestId('objection-status')).toHaveText('异议不成立')
    await logout(page)

    // Publicity over: the next run awards the need.
    await setServerClock(request, base, '2026-07-10T10:00:00+08:00')
    await runTick(request, base)
    await page.goto(`/needs/${needId}`)
    await expect(page.locator('main .status').first()).toHaveText('已成交')
  } finally {
    await setServerClock(request, base, new Date().toISOString())
  }
})

test('an owner cancels a draft with a reason in the browser (the reason field belongs to its form)', async ({ page }) => {
  await login(page, 'owner1@demo.example')
  await page.goto('/owner/needs/new')
  await page.locator('select[name="projectId"]').selectOption({ index: 1 })
  await page.locator('select[name="serviceTypeId"]').selectOption({ label: '环境影响评价报告表' })
  await page.locator('select[name="approvalItemId"]').selectOption({ label: '建设项目环境影响报告表审批' })
  await page.locator('input[name="title"]').fill('E2E 待取消的需求')
  await page.locator('textarea[name="scope"]').fill('仅用于验证取消。')
  await page.locator('input[name="priceCeiling"]').fill('50000')
  await page.locator('input[name="serviceDays"]').fill('10')
  await page.locator('select[name="method"]').selectOption('random')
  await page.locator('input[name="registrationClosesOn"]').fill('2026-12-31')
  await page.locator('button[name="intent"][value="save"]').click()
  await page.waitForURL(/\/owner\/needs\/[0-9a-f-]{36}$/)

  const cancel = page.locator('button[name="intent"][value="cancel"]')
  await cancel.click()
  await expect(page.locator('#cancel-need-reason-error')).toContainText('必填')
  await page.locator('textarea[name="reason"]').fill('项目调整，暂不委托。')
  // Cancelling cannot be undone: the form is confirmed (issue 12).
  await page.locator('#cancel-need [name="confirm"]').check()
  await cancel.click()
  await expect(page.getByTestId('need-facts')).toContainText('已取消')
})
