import { test, expect } from './fixtures'

test('the public calendar marks holidays and make-up days, and the calculator works without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' })
  const page = await context.newPage()
  await page.goto('/calendar?month=2025-10')
  const grid = page.getByTestId('month-grid')
  await expect(grid.locator('td[data-date="2025-10-01"]')).toHaveClass(/holiday/)
  await expect(grid.locator('td[data-date="2025-10-11"]')).toHaveClass(/makeup_workday/)
  await expect(grid.locator('td[data-date="2025-10-12"]')).toHaveClass(/weekend/)
  await expect(grid.locator('td[data-date="2025-10-09"]')).toHaveClass(/workday/)

  await page.locator('#calc-start').fill('2025-09-30')
  await page.locator('#calc-days').fill('3')
  await page.locator('#calc-days').press('Enter')
  await expect(page.getByTestId('add-result')).toHaveText('3 working days after 2025-09-30 (the start day not counted) is 2025-10-11.')

  await page.locator('#calc-from').fill('2025-09-26')
  await page.locator('#calc-to').fill('2025-10-12')
  await page.locator('#calc-to').press('Enter')
  await expect(page.getByTestId('between-result')).toContainText('There are 6 working days')

  // A year after the last official one is computed on the provisional calendar and says so (decision 004)…
  await page.locator('#calc-start').fill('2031-01-02')
  await page.locator('#calc-start').press('Enter')
  await expect(page.getByTestId('add-result')).toContainText('is 2031-02-04.')
  await expect(page.getByTestId('add-result')).toContainText('provisional calendar')
  // …up to ten years after it; beyond, the answer names the supported range.
  await page.locator('#calc-start').fill('2040-01-02')
  await page.locator('#calc-start').press('Enter')
  await expect(page.getByTestId('add-result')).toContainText('(2001–2036)')
  await context.close()
})

test('the clock demo draws each example as a picture with a text alternative', async ({ page }, testInfo) => {
  await page.goto('/calendar/clock-demo')
  const pictures = page.getByRole('img')
  expect(await pictures.count()).toBeGreaterThanOrEqual(4)
  for (const picture of await pictures.all()) {
    await expect(picture).toHaveAttribute('aria-label', /\S/)
  }
  await testInfo.attach('clock-demo', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' })
})
