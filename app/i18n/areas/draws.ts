import type { Dictionary } from '../dictionary'

/** Texts of the public draw verification page (zh-CN is the source of the key set). */
export const zh = {
  title: '随机抽取验证',
  lead: '发布需求时平台公布了随机种子的 SHA-256 值；抽取后公开种子。下面的结果由您的浏览器用 Web Crypto 重新计算，任何人都可以按公开算法独立复核。',
  need: '采购需求',
  algorithm: '算法',
  spec: '算法说明',
  round: '第 {{round}} 轮',
  publishedSeedHash: '发布时公布的种子哈希',
  seedHash: '抽取记录中的种子哈希',
  seed: '公开的种子',
  candidates: '候选（按统一社会信用代码排序）',
  creditCode: '统一社会信用代码',
  agency: '中介机构',
  bidId: '报价编号',
  winner: '中选',
  winnerIndex: '中选序号（从 0 起）',
  checking: '正在浏览器中验证…',
  verified: '验证通过：种子与发布时的哈希一致，候选顺序与中选结果均可复算。',
  failed: '验证失败（{{reason}}）：{{detail}}',
  unsupported:
    '此浏览器不支持 Web Crypto（需要 HTTPS 或 localhost），无法在本地验证；请使用 API 与文档中的 Python 脚本复核。',
  api: 'JSON 接口',
}

export const en: Dictionary<typeof zh> = {
  title: 'Draw verification',
  lead: 'When the need was published the platform announced the SHA-256 of a secret seed; the seed is revealed after the draw. Your browser recomputes the result below with Web Crypto, and anyone can check it independently with the published algorithm.',
  need: 'Need',
  algorithm: 'Algorithm',
  spec: 'the algorithm',
  round: 'Round {{round}}',
  publishedSeedHash: 'Seed hash published with the notice',
  seedHash: 'Seed hash in the transcript',
  seed: 'Revealed seed',
  candidates: 'Candidates (ordered by unified social credit code)',
  creditCode: 'Credit code',
  agency: 'Agency',
  bidId: 'Bid id',
  winner: 'Selected',
  winnerIndex: 'Winner index (from 0)',
  checking: 'Verifying in your browser…',
  verified: 'Verified: the seed matches the hash published with the notice, and the order and the winner recompute.',
  failed: 'Verification failed ({{reason}}): {{detail}}',
  unsupported:
    'This browser has no Web Crypto here (it needs HTTPS or localhost), so it cannot verify locally; use the API and the Python script in the documentation.',
  api: 'JSON API',
}
