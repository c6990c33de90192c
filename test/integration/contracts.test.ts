import { afterEach, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { resetClock } from '~/domain/now'
import { awardedContract } from '../support/contract-fixtures'

afterEach(() => resetClock())

describe('fixture', () => {
  it('awards and signs', async () => {
    const db = await getDb()
    const a = await awardedContract(db)
    expect(a.contract.priceFen).toBe(900_000)
    const s = await awardedContract(db, { m: a.m, signed: true })
    expect(s.contract.ownerSignedAt).not.toBeNull()
    expect(s.contract.agencySignedAt).not.toBeNull()
  })
})
