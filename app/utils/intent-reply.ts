/**
 * The shape every form action answers a refusal with (see `runIntents` in intents.server.ts),
 * shared by server and components. Field errors travel in conform's `result` as strings: a bare
 * message key, or `key` + MESSAGE_PARAMS + JSON of its parameters (`encodeMessage`), decoded
 * where they are shown (`ErrorList`).
 */
import type { SubmissionResult } from '@conform-to/react'

export interface Problem {
  messageKey: string
  params: Record<string, string | number>
}

export interface IntentReply<Intent extends string = string> {
  /** The intent the refusal answers, so a page with several forms shows it at the right one. */
  intent: Intent
  /** conform's reply: field errors, form errors and the values as typed (never hidden fields). */
  result: SubmissionResult<string[]>
  /** A refusal of the whole form (a state conflict, a rule no field owns), translated with its params. */
  formError: Problem | null
}

const MESSAGE_PARAMS = '\u241f' // ␟ (symbol for unit separator): never part of a message key

export function encodeMessage(messageKey: string, params?: Record<string, string | number> | null): string {
  return params && Object.keys(params).length ? `${messageKey}${MESSAGE_PARAMS}${JSON.stringify(params)}` : messageKey
}

export function decodeMessage(message: string): Problem {
  const at = message.indexOf(MESSAGE_PARAMS)
  if (at < 0) return { messageKey: message, params: {} }
  try {
    const params = JSON.parse(message.slice(at + MESSAGE_PARAMS.length)) as unknown
    return {
      messageKey: message.slice(0, at),
      params: params && typeof params === 'object' ? (params as Problem['params']) : {},
    }
  } catch {
    return { messageKey: message.slice(0, at), params: {} }
  }
}

/** The reply in an action's data when it answers `intent` (any intent when none is given). */
export function replyFor<Intent extends string>(actionData: unknown, intent?: Intent): IntentReply<Intent> | null {
  if (!actionData || typeof actionData !== 'object' || !('result' in actionData) || !('intent' in actionData)) return null
  const reply = actionData as IntentReply<Intent>
  return intent === undefined || reply.intent === intent ? reply : null
}
