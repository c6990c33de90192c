/**
 * The verifiable draw (im-draw-v1). The vectors are the ones printed in docs/draw.md §7; if one
 * of them changes, the document (and every published draw) is wrong, so change neither lightly.
 */
import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  bytesToHex,
  canonicalCandidates,
  DRAW_ALGORITHM,
  DrawInputError,
  drawMessage,
  explainDraw,
  generateSeed,
  hexToBytes,
  newCommitment,
  redoDraw,
  rejectionLimit,
  remainingCandidates,
  runDraw,
  sampleIndex,
  seedHash,
  traceIndex,
  uint32be,
  verifyDraw,
  verifyRedo,
  type DrawCandidate,
  type DrawTranscript,
} from '~/domain/selection/draw'

// --- The worked example of docs/draw.md §7 -------------------------------------------------------

const NEED_ID = '7d3f5a2c-9b1e-4c8a-a6f0-2e4b8d1c9f30'
const SEED = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'
const SEED_HASH = '630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd'

/** The bids in the order they were submitted (not the canonical order). */
const BIDS: DrawCandidate[] = [
  { agencyCreditCode: '913301000000044EEN', bidId: 'c1a0e3f2-5b6d-4e7f-8a9b-0c1d2e3f4a51' },
  { agencyCreditCode: '913205000013FDQ0RF', bidId: 'c1a0e3f2-5b6d-4e7f-8a9b-0c1d2e3f4a52' },
  { agencyCreditCode: '5233020000000001BJ', bidId: 'c1a0e3f2-5b6d-4e7f-8a9b-0c1d2e3f4a53' },
  { agencyCreditCode: '913301000000000R29', bidId: 'c1a0e3f2-5b6d-4e7f-8a9b-0c1d2e3f4a54' },
  { agencyCreditCode: '12330000000130GTYM', bidId: 'c1a0e3f2-5b6d-4e7f-8a9b-0c1d2e3f4a55' },
]

const CANONICAL_CODES = [
  '12330000000130GTYM',
  '5233020000000001BJ',
  '913205000013FDQ0RF',
  '913301000000000R29',
  '913301000000044EEN',
]

const ROUND1_TEXT =
  'im-draw-v1\nneed:7d3f5a2c-9b1e-4c8a-a6f0-2e4b8d1c9f30\nround:1\ncandidates:5\n' +
  '12330000000130GTYM\n5233020000000001BJ\n913205000013FDQ0RF\n913301000000000R29\n913301000000044EEN\n'
const ROUND1_HEX =
  '696d2d647261772d76310a6e6565643a37643366356132632d396231652d346338612d613666302d3265346238643163396633300a' +
  '726f756e643a310a63616e646964617465733a350a31323333303030303030303133304754594d0a35323333303230303030303030' +
  '303031424a0a3931333230353030303031334644513052460a3931333330313030303030303030305232390a393133333031303030' +
  '30303030343445454e0a'
const ROUND1_DIGEST = '36815d258e8de779a17ef254fe9c5952bfde112a6bbce38a4e32df3f3cd76907'
const ROUND1_CHUNKS = [914447653, 2391664505, 2709451348, 4271659346, 3219001642, 1807541130, 1311956799, 1020750087]

const ROUND2_HEX =
  '696d2d647261772d76310a6e6565643a37643366356132632d396231652d346338612d613666302d3265346238643163396633300a' +
  '726f756e643a320a63616e646964617465733a340a31323333303030303030303133304754594d0a35323333303230303030303030' +
  '303031424a0a3931333230353030303031334644513052460a39313333303130303030303030343445454e0a'
const ROUND2_DIGEST = 'd550a1f1c0760e87c47c788de9bb290755e951f1e8aaf6948f03be9d1ecf423c'

/** The sampler vector of docs/draw.md §7.3: rejections and the counter extension, real HMACs. */
const SAMPLER_MESSAGE = 'sampler-vector:1526'
const SAMPLER_N = 2 ** 31 + 1
const SAMPLER_BLOCK0 = 'a46e4f17c6ab5242f2cb1110bf361c1d9fcd5acfa376d6c9f12878e8dc5af4a6'
const SAMPLER_BLOCK1 = '8fe33fb9cc20f6a35054822e4d46d71af39d2e93087834b7b8092558455437cf'

const candidate = (agencyCreditCode: string): DrawCandidate =>
  BIDS.find((b) => b.agencyCreditCode === agencyCreditCode)!

/** An independent reimplementation of docs/draw.md with node:crypto, to cross-check the module. */
function referenceIndex(seedHex: string, needId: string, round: number, codes: string[]): number {
  const sorted = [...codes].sort()
  const text = ['im-draw-v1', `need:${needId}`, `round:${round}`, `candidates:${sorted.length}`, ...sorted]
    .map((l) => `${l}\n`)
    .join('')
  const message = Buffer.from(text, 'ascii')
  const n = sorted.length
  const limit = Math.floor(2 ** 32 / n) * n
  for (let counter = 0; ; counter++) {
    const counterBytes = Buffer.alloc(4)
    counterBytes.writeUInt32BE(counter)
    const data = counter === 0 ? message : Buffer.concat([message, counterBytes])
    const digest = createHmac('sha256', Buffer.from(seedHex, 'hex')).update(data).digest()
    for (let i = 0; i < 8; i++) {
      const value = digest.readUInt32BE(4 * i)
      if (value < limit) return value % n
    }
  }
}

const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest())

describe('seed, hash and hex helpers', () => {
  it('hashes the 32 raw seed bytes (documented vector)', async () => {
    expect(await seedHash(SEED)).toBe(SEED_HASH)
    expect(await seedHash(hexToBytes(SEED))).toBe(SEED_HASH)
    expect(SEED_HASH).toBe(createHash('sha256').update(Buffer.from(SEED, 'hex')).digest('hex'))
  })

  it('generates 32 random bytes per seed, and commitments whose hash matches', async () => {
    const a = generateSeed()
    const b = generateSeed()
    expect(a).toHaveLength(32)
    expect(bytesToHex(a)).not.toBe(bytesToHex(b))
    const c = await newCommitment()
    expect(c.algorithm).toBe(DRAW_ALGORITHM)
    expect(c.seed).toMatch(/^[0-9a-f]{64}$/)
    expect(await seedHash(c.seed)).toBe(c.seedHash)
  })

  it('round-trips hex and refuses other spellings', () => {
    expect(bytesToHex(hexToBytes('00ff10ab'))).toBe('00ff10ab')
    expect(() => hexToBytes('00FF')).toThrow(DrawInputError)
    expect(() => hexToBytes('abc')).toThrow(DrawInputError)
    expect(bytesToHex(uint32be(1))).toBe('00000001')
    expect(bytesToHex(uint32be(2 ** 32 - 1))).toBe('ffffffff')
    expect(() => uint32be(2 ** 32)).toThrow(DrawInputError)
  })

  it('refuses a seed that is not 32 bytes', async () => {
    await expect(seedHash(SEED.slice(2))).rejects.toThrow(DrawInputError)
    await expect(runDraw({ needId: NEED_ID, round: 1, seed: new Uint8Array(31), candidates: BIDS })).rejects.toThrow(
      DrawInputError,
    )
  })
})

describe('the canonical message', () => {
  it('is the documented text and bytes', () => {
    const bytes = drawMessage({ needId: NEED_ID, round: 1, candidates: BIDS })
    expect(new TextDecoder().decode(bytes)).toBe(ROUND1_TEXT)
    expect(bytesToHex(bytes)).toBe(ROUND1_HEX)
  })

  it('orders candidates by credit code whatever the input order', () => {
    expect(canonicalCandidates(BIDS).map((c) => c.agencyCreditCode)).toEqual(CANONICAL_CODES)
    expect(canonicalCandidates([...BIDS].reverse())).toEqual(canonicalCandidates(BIDS))
  })

  it('gives the same transcript for all 120 input orders', async () => {
    const permutations = (xs: DrawCandidate[]): DrawCandidate[][] =>
      xs.length <= 1
        ? [xs]
        : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]))
    const all = permutations(BIDS)
    expect(all).toHaveLength(120)
    const transcripts = await Promise.all(
      all.map((candidates) => runDraw({ needId: NEED_ID, round: 1, seed: SEED, candidates })),
    )
    for (const t of transcripts) expect(t).toEqual(transcripts[0])
  })

  it('refuses malformed or duplicate candidates, bad need ids and rounds', () => {
    const bad =
      (candidates: DrawCandidate[], needId = NEED_ID, round = 1) =>
      () =>
        drawMessage({ needId, round, candidates })
    expect(bad([{ ...BIDS[0], agencyCreditCode: '913301000000044een' }])).toThrow(DrawInputError)
    expect(bad([{ ...BIDS[0], agencyCreditCode: '91330100MA2H3XYZ0K' }])).toThrow(DrawInputError) // Z is not in the alphabet
    expect(bad([{ ...BIDS[0], bidId: BIDS[0].bidId.toUpperCase() }])).toThrow(DrawInputError)
    expect(bad([BIDS[0], { ...BIDS[0], bidId: BIDS[1].bidId }])).toThrow(DrawInputError)
    expect(bad([BIDS[0], { ...BIDS[1], bidId: BIDS[0].bidId }])).toThrow(DrawInputError)
    expect(bad(BIDS, 'NEED-1')).toThrow(DrawInputError)
    expect(bad(BIDS, NEED_ID, 0)).toThrow(DrawInputError)
    expect(bad(BIDS, NEED_ID, 1.5)).toThrow(DrawInputError)
  })
})

describe('the documented draw (docs/draw.md §7)', () => {
  it('round 1: digest, chunks and winner', async () => {
    const t = await runDraw({ needId: NEED_ID, round: 1, seed: SEED, candidates: BIDS })
    expect(t).toEqual({
      algorithm: 'im-draw-v1',
      needId: NEED_ID,
      round: 1,
      seedHash: SEED_HASH,
      seed: SEED,
      candidates: CANONICAL_CODES.map(candidate),
      winnerIndex: 3,
      winner: candidate('913301000000000R29'),
    })
    const x = await explainDraw(t)
    expect(x.messageHex).toBe(ROUND1_HEX)
    expect(x.limit).toBe(4294967295)
    expect(x.blocks).toHaveLength(1)
    expect(x.blocks[0].digest).toBe(ROUND1_DIGEST)
    expect(x.blocks[0].chunks.map((c) => c.value)).toEqual(ROUND1_CHUNKS)
    expect(x.blocks[0].chunks.map((c) => c.status)).toEqual(['accepted', ...Array(7).fill('unused')])
    expect(914447653 % 5).toBe(3)
    expect(await verifyDraw(t, SEED_HASH)).toEqual({ ok: true })
  })

  it('round 2 (redo without the round-1 winner)', async () => {
    const t1 = await runDraw({ needId: NEED_ID, round: 1, seed: SEED, candidates: BIDS })
    const t2 = await redoDraw(t1)
    expect(t2.round).toBe(2)
    expect(t2.seed).toBe(SEED)
    expect(t2.candidates.map((c) => c.agencyCreditCode)).toEqual([
      '12330000000130GTYM',
      '5233020000000001BJ',
      '913205000013FDQ0RF',
      '913301000000044EEN',
    ])
    expect(t2.winnerIndex).toBe(1)
    expect(t2.winner).toEqual(candidate('5233020000000001BJ'))
    const x = await explainDraw(t2)
    expect(x.messageHex).toBe(ROUND2_HEX)
    expect(x.blocks[0].digest).toBe(ROUND2_DIGEST)
    expect(x.limit).toBe(2 ** 32) // n = 4 divides 2^32: nothing is ever rejected
    expect(x.blocks[0].chunks[0].value).toBe(3578831345)
    expect(await verifyRedo(t1, t2, SEED_HASH)).toEqual({ ok: true })
  })

  it('agrees with an independent node:crypto implementation of the document', async () => {
    for (let i = 0; i < 200; i++) {
      const seed = bytesToHex(sha256(uint32be(i)))
      const n = 1 + (i % 9)
      const codes = CANONICAL_CODES.concat([
        '91110000000000569W',
        'N24403000000093TLQ',
        '913201000000000BY7',
        '12440300000001GTYM',
      ]).slice(0, n)
      const candidates = codes.map((c, j) => ({
        agencyCreditCode: c,
        bidId: `00000000-0000-4000-8000-${String(j).padStart(12, '0')}`,
      }))
      const round = 1 + (i % 3)
      const t = await runDraw({ needId: NEED_ID, round, seed, candidates })
      expect(t.winnerIndex).toBe(referenceIndex(seed, NEED_ID, round, codes))
    }
  })
})

describe('rejection sampling', () => {
  it('rejects exactly the values ≥ floor(2^32 / n) * n', () => {
    expect(rejectionLimit(1)).toBe(2 ** 32)
    expect(rejectionLimit(5)).toBe(4294967295)
    expect(rejectionLimit(7)).toBe(4294967292) // 2^32 mod 7 = 4: 0xfffffffc…0xffffffff are rejected
    expect(rejectionLimit(2 ** 31 + 1)).toBe(2 ** 31 + 1)
    expect(() => rejectionLimit(0)).toThrow(DrawInputError)
    expect(() => rejectionLimit(2 ** 32)).toThrow(DrawInputError)
  })

  it('skips rejected chunks and takes the next one (constructed block, n = 7)', async () => {
    // chunks: 0xffffffff (rejected), 0xfffffffc = limit (rejected), 0xfffffffb = limit - 1 (accepted)
    const block = hexToBytes('fffffffffffffffcfffffffb' + '00'.repeat(20))
    const trace = await sampleIndex(7, async () => block)
    expect(trace.blocks[0].chunks.slice(0, 4).map((c) => c.status)).toEqual([
      'rejected',
      'rejected',
      'accepted',
      'unused',
    ])
    expect(trace.index).toBe(0xfffffffb % 7)
    expect(trace.index).toBe(6)
  })

  it('continues with counter 1, 2, … when all eight chunks of a block are rejected (constructed)', async () => {
    const counters: number[] = []
    const trace = await sampleIndex(7, async (counter) => {
      counters.push(counter)
      return counter < 2 ? hexToBytes('ff'.repeat(32)) : hexToBytes('0000000a' + 'ff'.repeat(28))
    })
    expect(counters).toEqual([0, 1, 2])
    expect(trace.blocks.map((b) => b.counter)).toEqual([0, 1, 2])
    expect(trace.blocks[0].chunks.every((c) => c.status === 'rejected')).toBe(true)
    expect(trace.index).toBe(10 % 7)
  })

  it('rejects real HMAC chunks and uses HMAC(seed, M || uint32be(1)) (documented sampler vector)', async () => {
    const message = new TextEncoder().encode(SAMPLER_MESSAGE)
    const trace = await traceIndex(SEED, message, SAMPLER_N)
    expect(trace.limit).toBe(2147483649)
    expect(trace.blocks.map((b) => b.digest)).toEqual([SAMPLER_BLOCK0, SAMPLER_BLOCK1])
    expect(trace.blocks[0].chunks.map((c) => c.value)).toEqual([
      2758692631, 3333116482, 4073394448, 3207994397, 2681035471, 2742474441, 4045961448, 3696948390,
    ])
    expect(trace.blocks[0].chunks.every((c) => c.status === 'rejected')).toBe(true)
    expect(trace.blocks[1].chunks.slice(0, 4).map((c) => [c.value, c.status])).toEqual([
      [2414034873, 'rejected'],
      [3424712355, 'rejected'],
      [1347715630, 'accepted'],
      [1296488218, 'unused'],
    ])
    expect(trace.index).toBe(1347715630)
    // the counter is appended as four big-endian bytes
    const key = Buffer.from(SEED, 'hex')
    expect(createHmac('sha256', key).update(message).digest('hex')).toBe(SAMPLER_BLOCK0)
    expect(
      createHmac('sha256', key)
        .update(Buffer.concat([message, Buffer.from('00000001', 'hex')]))
        .digest('hex'),
    ).toBe(SAMPLER_BLOCK1)
  })

  it('n = 1 always gives index 0; n = 0 is an error', async () => {
    const t = await runDraw({ needId: NEED_ID, round: 1, seed: SEED, candidates: [BIDS[2]] })
    expect(t.winnerIndex).toBe(0)
    expect(t.winner).toEqual(BIDS[2])
    expect(await verifyDraw(t)).toEqual({ ok: true })
    await expect(runDraw({ needId: NEED_ID, round: 1, seed: SEED, candidates: [] })).rejects.toThrow(DrawInputError)
    await expect(sampleIndex(0, async () => new Uint8Array(32))).rejects.toThrow(DrawInputError)
  })
})

describe('verifyDraw', () => {
  const draw = () => runDraw({ needId: NEED_ID, round: 1, seed: SEED, candidates: BIDS })
  const otherSeed = bytesToHex(sha256(new TextEncoder().encode('another seed')))

  it('accepts an honest transcript, also after a JSON round trip', async () => {
    const t = await draw()
    expect(await verifyDraw(JSON.parse(JSON.stringify(t)) as DrawTranscript, SEED_HASH)).toEqual({ ok: true })
  })

  it('detects a tampered seed', async () => {
    const t = await draw()
    expect(await verifyDraw({ ...t, seed: otherSeed })).toMatchObject({ ok: false, reason: 'seed_hash' })
  })

  it('detects a swapped seed and seed hash against the published hash', async () => {
    const t = await draw()
    const swapped = await runDraw({ needId: NEED_ID, round: 1, seed: otherSeed, candidates: BIDS })
    expect(await verifyDraw(swapped)).toEqual({ ok: true }) // self-consistent…
    expect(await verifyDraw(swapped, t.seedHash)).toMatchObject({ ok: false, reason: 'seed_hash' }) // …but not what was published
  })

  it('detects a tampered winner index or winner', async () => {
    const t = await draw()
    expect(await verifyDraw({ ...t, winnerIndex: 0 })).toMatchObject({ ok: false, reason: 'winner' })
    expect(await verifyDraw({ ...t, winnerIndex: 0, winner: t.candidates[0] })).toMatchObject({
      ok: false,
      reason: 'winner',
    })
    expect(await verifyDraw({ ...t, winner: t.candidates[0] })).toMatchObject({ ok: false, reason: 'winner' })
    expect(await verifyDraw({ ...t, winner: { ...t.winner, bidId: t.candidates[0].bidId } })).toMatchObject({
      ok: false,
      reason: 'winner',
    })
  })

  it('detects a tampered candidate list', async () => {
    const t = await draw()
    // reordered
    expect(await verifyDraw({ ...t, candidates: [...t.candidates].reverse() })).toMatchObject({
      ok: false,
      reason: 'order',
    })
    // one losing candidate dropped: the message changes and the recomputed winner is a different index
    const dropped = t.candidates.filter((_, i) => i !== 0)
    expect(await verifyDraw({ ...t, candidates: dropped, winnerIndex: 2 })).toMatchObject({
      ok: false,
      reason: 'winner',
    })
    // one candidate added
    const added = canonicalCandidates([
      ...t.candidates,
      { agencyCreditCode: 'N24403000000093TLQ', bidId: 'c1a0e3f2-5b6d-4e7f-8a9b-0c1d2e3f4a56' },
    ])
    const winnerAt = added.findIndex((c) => c.agencyCreditCode === t.winner.agencyCreditCode)
    expect(await verifyDraw({ ...t, candidates: added, winnerIndex: winnerAt })).toMatchObject({
      ok: false,
      reason: 'winner',
    })
    // a duplicated candidate
    expect(await verifyDraw({ ...t, candidates: [t.candidates[0], ...t.candidates] })).toMatchObject({
      ok: false,
      reason: 'malformed',
    })
  })

  it('detects a different need or round, an unknown algorithm and malformed fields', async () => {
    const t = await draw()
    expect(await verifyDraw({ ...t, round: 2 })).toMatchObject({ ok: false, reason: 'winner' })
    expect(await verifyDraw({ ...t, needId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      ok: false,
      reason: 'winner',
    })
    expect(await verifyDraw({ ...t, algorithm: 'im-draw-v0' as typeof DRAW_ALGORITHM })).toMatchObject({
      ok: false,
      reason: 'algorithm',
    })
    expect(await verifyDraw({ ...t, seed: t.seed.toUpperCase() })).toMatchObject({ ok: false, reason: 'malformed' })
    expect(await verifyDraw({ ...t, candidates: [] })).toMatchObject({ ok: false, reason: 'malformed' })
    expect(await verifyDraw({ ...t, candidates: null as unknown as DrawCandidate[] })).toMatchObject({
      ok: false,
      reason: 'malformed',
    })
  })
})

describe('rounds', () => {
  it('the round number changes the message and the result', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((round) => runDraw({ needId: NEED_ID, round, seed: SEED, candidates: BIDS })),
    )
    const digests = await Promise.all(results.map(async (t) => (await explainDraw(t)).blocks[0].digest))
    expect(new Set(digests).size).toBe(6)
    expect(results.map((t) => t.winnerIndex)).toEqual([3, 1, 1, 3, 4, 1])
  })

  it('each redo removes the previous winner until nobody is left', async () => {
    let t = await runDraw({ needId: NEED_ID, round: 1, seed: SEED, candidates: BIDS })
    const winners = [t.winner.agencyCreditCode]
    for (let round = 2; round <= 5; round++) {
      const next = await redoDraw(t)
      expect(next.round).toBe(round)
      expect(await verifyRedo(t, next, SEED_HASH)).toEqual({ ok: true })
      t = next
      winners.push(t.winner.agencyCreditCode)
    }
    expect(new Set(winners).size).toBe(5)
    expect(remainingCandidates(t)).toEqual([])
    await expect(redoDraw(t)).rejects.toThrow(DrawInputError)
  })

  it('verifyRedo refuses rounds that do not follow', async () => {
    const t1 = await runDraw({ needId: NEED_ID, round: 1, seed: SEED, candidates: BIDS })
    const t2 = await redoDraw(t1)
    const skipped = await runDraw({ needId: NEED_ID, round: 3, seed: SEED, candidates: t2.candidates })
    expect(await verifyRedo(t1, skipped)).toMatchObject({ ok: false, reason: 'round_link' })
    const kept = await runDraw({ needId: NEED_ID, round: 2, seed: SEED, candidates: BIDS })
    expect(await verifyRedo(t1, kept)).toMatchObject({ ok: false, reason: 'round_link' })
    const reseeded = await runDraw({ needId: NEED_ID, round: 2, seed: generateSeed(), candidates: t2.candidates })
    expect(await verifyRedo(t1, reseeded)).toMatchObject({ ok: false, reason: 'round_link' })
    expect(await verifyRedo(t1, { ...t2, winnerIndex: 0, winner: t2.candidates[0] })).toMatchObject({
      ok: false,
      reason: 'winner',
    })
  })

  it('a redo with exclusions: the transcript lists them, verifyRedo checks they were previous candidates with a reason', async () => {
    const t1 = await runDraw({ needId: NEED_ID, round: 1, seed: SEED, candidates: BIDS })
    const gone = { ...candidate('913301000000044EEN'), reason: 'qualificationExpired' as const }
    const t2 = await redoDraw(t1, [gone])
    expect(t2.excluded).toEqual([gone])
    expect(t2.candidates.map((c) => c.agencyCreditCode)).toEqual(['12330000000130GTYM', '5233020000000001BJ', '913205000013FDQ0RF'])
    expect(remainingCandidates(t1, [gone])).toEqual(t2.candidates)
    expect(await verifyDraw(t2, SEED_HASH)).toEqual({ ok: true })
    expect(await verifyRedo(t1, t2, SEED_HASH)).toEqual({ ok: true })
    // No exclusion recorded: every previous candidate but the winner must be there.
    expect(await verifyRedo(t1, { ...t2, excluded: [] })).toMatchObject({ ok: false, reason: 'round_link' })
    const { excluded: _, ...unlisted } = t2
    expect(await verifyRedo(t1, unlisted)).toMatchObject({ ok: false, reason: 'round_link' })
    // An exclusion must be a previous candidate (not its winner), once, with a known reason.
    const outsider = { agencyCreditCode: '91110000000000569W', bidId: 'c1a0e3f2-5b6d-4e7f-8a9b-0c1d2e3f4a59', reason: 'suspended' as const }
    expect(await verifyRedo(t1, { ...t2, excluded: [gone, outsider] })).toMatchObject({ ok: false, reason: 'round_link' })
    expect(await verifyRedo(t1, { ...t2, excluded: [{ ...gone, reason: 'disliked' as never }] })).toMatchObject({
      ok: false,
      reason: 'round_link',
    })
    expect(await verifyRedo(t1, { ...t2, excluded: [gone, gone] })).toMatchObject({ ok: false, reason: 'round_link' })
    const winnerListed = await redoDraw(t1, [{ ...t1.winner, reason: 'suspended' }])
    expect(await verifyRedo(t1, winnerListed)).toMatchObject({ ok: false, reason: 'round_link' })
    // Excluding a bidder changes who is drawn only through the candidate list, never through the bytes.
    expect((await explainDraw(t2)).message).not.toContain('913301000000044EEN')
  })
})

