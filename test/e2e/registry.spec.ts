import { makeCreditCode } from '../../app/domain/organisations/social-credit-code'
import { expect, login, test } from './fixtures'

test('an agency applies with a qualification, a regulator approves, the directory lists it, a forced exit removes it for good', async ({ page }) => {
  const stamp = Date.now()
  const name = `盐城端到端测绘有限公司${stamp % 100000}`
  const email = `agency-${stamp}@example.test`
  const password = 'a-long-enough-password'

  // 1. Sign up as an agency: it starts pending review.
  await page.goto('/signup')
  await page.locator('select[name="kind"]').selectOption('agency')
  await page.locator('input[name="organisationName"]').fill(name)
  await page.locator('input[name="creditCode"]').fill(makeCreditCode({ serial: stamp % 1_000_000_000, region: '320900' }))
  await page.locator('input[name="name"]').fill('测试员')
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill(password)
  await page.locator('form#signup button[type="submit"]').click()
  await expect(page).toHaveURL(/\/agency$/)

  // 2. The entry application with one surveying qualification.
  await page.goto('/agency/application')
  await page.locator('select[name="region"]').selectOption('320900') // 盐城市
  await page.locator('input[name="address"]').fill('盐城市亭湖区人民中路 1 号')
  await page.locator('input[name="legalRepresentative"]').fill('张三')
  await page.locator('input[name="contactName"]').fill('李四')
  await page.locator('input[name="contactPhone"]').fill('0515-88880000')
  await page.getByLabel('土地勘测定界').check()
  await page.getByRole('button', { name: '添加资质' }).click()
  await page.locator('select[name="qualifications[0].qualificationTypeId"]').selectOption({ label: '测绘资质' })
  await page.locator('select[name="qualifications[0].levelId"]').selectOption({ label: '测绘资质 · 甲级' })
  await page.locator('input[name="qualifications[0].certificateNo"]').fill(`CH-${stamp}`)
  await page.locator('input[name="qualifications[0].issuer"]').fill('江苏省自然资源厅')
  await page.locator('input[name="qualifications[0].validFrom"]').fill('2025-01-01')
  await page.locator('input[name="qualifications[0].validUntil"]').fill('2029-12-31')
  await page.locator('textarea[name="feeStandard"]').fill('按测绘收费标准下浮 10%')
  await page.locator('textarea[name="commitment"]').fill('外业完成后 5 个工作日出具成果')
  await page.locator('button[name="intent"][value="save"]').click()
  await expect(page.getByTestId('application-summary')).toContainText('草稿')
  await page.locator('form:has(input[name="intent"][value="submit"]) button[type="submit"]').click()
  await expect(page.getByTestId('application-summary')).toContainText('待审核')
  await page.getByRole('button', { name: '退出登录' }).click()
  // Signed out before the next sign-in starts (a goto during the logout's navigation aborts it: AbortError in the console).
  await expect(page.getByText('您已退出登录。')).toBeVisible()

  // 3. The regulator supervising land surveys approves it.
  await login(page, 'nrp@demo.example')
  await page.goto('/review/applications')
  await page.getByRole('link', { name }).click()
  await page.getByRole('radio', { name: '通过', exact: true }).check()
  await page.getByRole('button', { name: '提交审核决定' }).click()
  await expect(page).toHaveURL(/\/review\/applications$/)

  // 4. The public directory lists it under its service type.
  await page.goto('/agencies?serviceType=ST-LAND-SURVEY')
  await expect(page.getByRole('link', { name })).toBeVisible()
  await page.getByRole('link', { name }).click()
  await page.waitForURL(/\/agencies\/[0-9a-f-]{36}$/)
  const profileUrl = page.url()
  const agencyId = profileUrl.split('/').pop()

  // 5. The regulator forces it out (清退).
  await page.goto(`/review/agencies/${agencyId}`)
  await page.locator('#agency-force-exit select[name="category"]').selectOption('fraud')
  await page.locator('#agency-force-exit textarea[name="reason"]').fill('提供虚假资质材料，情节严重')
  // A forced exit cannot be undone and its reason is published: at least 10 characters, confirmed (issue 12).
  await page.locator('#agency-force-exit [name="confirm"]').check()
  await page.getByRole('button', { name: '确认清退' }).click()
  await expect(page.getByText('提供虚假资质材料，情节严重').first()).toBeVisible()
  // No longer eligible for the service type it offered.
  await expect(page.getByText('机构已退出。').first()).toBeVisible()

  // 6. The public sees the exit record on the profile and on /exits; the directory no longer lists it.
  await page.goto(profileUrl)
  await expect(page.getByText('提供虚假资质材料').first()).toBeVisible()
  await page.goto('/exits')
  await expect(page.getByRole('link', { name })).toBeVisible()
  await expect(page.getByText('弄虚作假').first()).toBeVisible()
  await page.goto('/agencies?serviceType=ST-LAND-SURVEY')
  await expect(page.getByRole('link', { name })).toHaveCount(0)
})
