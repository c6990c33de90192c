import { createCookie, redirect } from '@remix-run/node'

/** One-shot flash message shown after a redirect; text is a message key. */
export interface Toast {
  kind: 'success' | 'info' | 'error'
  messageKey: string
  params?: Record<string, string | number>
}

const toastCookie = createCookie('toast', { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 })

export async function setToast(toast: Toast): Promise<string> {
  return toastCookie.serialize(Buffer.from(JSON.stringify(toast)).toString('base64url'))
}

/** Reads the pending toast and the header that clears it. */
export async function readToast(request: Request): Promise<{ toast: Toast | null; clear: string | null }> {
  const raw = await toastCookie.parse(request.headers.get('Cookie'))
  if (typeof raw !== 'string' || !raw) return { toast: null, clear: null }
  try {
    const toast = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Toast
    return { toast, clear: await toastCookie.serialize('', { maxAge: 0 }) }
  } catch {
    return { toast: null, clear: await toastCookie.serialize('', { maxAge: 0 }) }
  }
}

/** Redirect with a flash message. */
export async function redirectWithToast(url: string, toast: Toast, headers: HeadersInit = {}) {
  const h = new Headers(headers)
  h.append('Set-Cookie', await setToast(toast))
  return redirect(url, { headers: h })
}
