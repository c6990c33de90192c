import { expect, test } from './fixtures'

/**
 * Issue 15's browser check: a demo notice with a result links its events to their leaves and to
 * /transparency, where the browser itself (Web Crypto) verifies the latest head's signature and
 * the notice's inclusion proofs; a saved head checks later visits — and a tampered one (another
 * root at the same size) is caught as inconsistent.
 */
test('a demo notice verifies in the browser; a tampered saved head is inconsistent', async ({ page, request }) => {
  // The demo's random-draw need that the timed work awarded (README: owner 1's first need).
  const list = (await (await request.get('/api/v1/needs')).json()) as { data: Array<{ id: string; state: string; method: string }> }
  const notice = list.data.find((n) => n.state === 'awarded' && n.method === 'random')
  expect(notice, 'the demo has an awarded random-draw need').toBeDefined()

  await page.goto(`/needs/${notice!.id}`)
  const section = page.getByTestId('notice-log')
  await expect(section.getByRole('heading', { name: '透明日志中的记录' })).toBeVisible()
  // Its publication, the bids (public once the result is), the draw and the award, each a leaf.
  for (const action of ['发布需求', '提交报价', '报名截止', '确定中选']) await expect(section.getByRole('row').filter({ hasText: action }).first()).toBeVisible()
  const leafLink = section.getByRole('link', { name: /^叶子 \d+$/ }).first()
  expect(await leafLink.getAttribute('href')).toMatch(/^\/api\/v1\/log\/leaves\/\d+$/)

  await section.getByRole('link', { name: '在浏览器中验证' }).click()
  await expect(page).toHaveURL(new RegExp(`/transparency\\?need=${notice!.id}$`))
  const verdict = page.getByRole('status').filter({ hasText: /已验证|不一致|验证失败|正在/ })
  await expect(verdict).toContainText('已验证')
  await expect(page.getByTestId('check-notice')).toContainText('通过')
  const rows = page.getByTestId('notice-events').locator('tbody tr')
  expect(await rows.count()).toBeGreaterThanOrEqual(4)

  // Save the head; the next check compares the latest head with it.
  await page.getByRole('button', { name: '保存此树头' }).click()
  await expect(page.getByTestId('saved-head')).toBeVisible()
  await expect(page.getByTestId('check-saved')).toContainText('通过')
  await expect(verdict).toContainText('已验证')

  // Tamper with the saved head: another root, the same size.
  await page.evaluate((key) => {
    const saved = JSON.parse(window.localStorage.getItem(key)!) as { rootHash: string }
    saved.rootHash = (saved.rootHash[0] === '0' ? '1' : '0') + saved.rootHash.slice(1)
    window.localStorage.setItem(key, JSON.stringify(saved))
  }, 'transparency-log.saved-head')
  await page.reload()
  await expect(verdict).toContainText('不一致')
  await expect(page.getByTestId('check-saved')).toContainText('未通过')
})
