import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test'

export const DEMO_PASSWORD = 'demo-password-2026'

/**
 * Records the page's console errors and uncaught page errors into `problems`. A page or form
 * submission our server answered with a 4xx on purpose (a 403, a 404, a 400 with field errors)
 * makes Chromium log "Failed to load resource" for it; that is the answer under test, not a fault.
 * A 5xx, or a 4xx from anywhere else, still counts.
 */
export function watchErrors(page: Page, problems: string[]) {
  const refusedDocuments = new Set<string>()
  page.on('response', (response) => {
    const ours = new URL(response.url()).origin === new URL(page.url() || response.url()).origin
    if (ours && response.status() >= 400 && response.status() < 500) refusedDocuments.add(response.url())
  })
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return
    if (msg.text().startsWith('Failed to load resource') && refusedDocuments.has(msg.location().url)) return
    problems.push(`console.error: ${msg.text()} (${msg.location().url})`)
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message} (${page.url()})`))
}

/** Every test fails on a console error or an uncaught page error. */
export const test = base.extend<{ page: Page }>({
  page: async ({ page }, provide) => {
    const problems: string[] = []
    watchErrors(page, problems)
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
  await page.waitForURL((url) => url.pathname !== '/login')
}

/** Moves the e2e server's clock (the guarded test controls). */
export async function setServerClock(request: APIRequestContext, baseURL: string, iso: string) {
  const response = await request.post('/__test/clock', { form: { set: iso }, headers: { Origin: baseURL } })
  expect(response.status(), await response.text()).toBe(200)
}

/** Runs the timed work once on the e2e server (the guarded test controls). */
export async function runTick(request: APIRequestContext, baseURL: string) {
  const response = await request.post('/__test/tick', { headers: { Origin: baseURL } })
  expect(response.status(), await response.text()).toBe(200)
}

export async function logout(page: Page) {
  await page.context().clearCookies()
}
