/**
 * The regions catalogue: administrative divisions by their GB/T 2260 code (行政区划代码), with a
 * Chinese and an English name. This list is the one source: migration 0009 inserted the same rows
 * into the `regions` table (the foreign key target of `organisations.region_code`), the seed
 * upserts them (db/seed/regions.ts), and a test checks that table and list agree.
 *
 * Held: every province-level division, every prefecture-level city of Jiangsu (the demo's
 * province) and of Zhejiang, and the districts the demo uses. Adding one: append it here and add a migration inserting the row.
 *
 * Pure module: no app imports.
 */

export interface Region {
  /** GB/T 2260, 6 digits: `PP0000` a province-level division, `PPCC00` a prefecture-level city, `PPCCDD` a district. */
  code: string
  nameZh: string
  nameEn: string
  /** The division it belongs to (a city's province, a district's city); null for a province-level division. */
  parentCode: string | null
}

const province = (code: string, nameZh: string, nameEn: string): Region => ({ code, nameZh, nameEn, parentCode: null })
const city = (code: string, nameZh: string, nameEn: string): Region => ({
  code,
  nameZh,
  nameEn,
  parentCode: `${code.slice(0, 2)}0000`,
})
const district = (code: string, nameZh: string, nameEn: string): Region => ({
  code,
  nameZh,
  nameEn,
  parentCode: `${code.slice(0, 4)}00`,
})

export const REGIONS: readonly Region[] = [
  province('110000', '北京市', 'Beijing'),
  province('120000', '天津市', 'Tianjin'),
  province('130000', '河北省', 'Hebei'),
  province('140000', '山西省', 'Shanxi'),
  province('150000', '内蒙古自治区', 'Inner Mongolia'),
  province('210000', '辽宁省', 'Liaoning'),
  province('220000', '吉林省', 'Jilin'),
  province('230000', '黑龙江省', 'Heilongjiang'),
  province('310000', '上海市', 'Shanghai'),
  province('320000', '江苏省', 'Jiangsu'),
  province('330000', '浙江省', 'Zhejiang'),
  province('340000', '安徽省', 'Anhui'),
  province('350000', '福建省', 'Fujian'),
  province('360000', '江西省', 'Jiangxi'),
  province('370000', '山东省', 'Shandong'),
  province('410000', '河南省', 'Henan'),
  province('420000', '湖北省', 'Hubei'),
  province('430000', '湖南省', 'Hunan'),
  province('440000', '广东省', 'Guangdong'),
  province('450000', '广西壮族自治区', 'Guangxi'),
  province('460000', '海南省', 'Hainan'),
  province('500000', '重庆市', 'Chongqing'),
  province('510000', '四川省', 'Sichuan'),
  province('520000', '贵州省', 'Guizhou'),
  province('530000', '云南省', 'Yunnan'),
  province('540000', '西藏自治区', 'Xizang (Tibet)'),
  province('610000', '陕西省', 'Shaanxi'),
  province('620000', '甘肃省', 'Gansu'),
  province('630000', '青海省', 'Qinghai'),
  province('640000', '宁夏回族自治区', 'Ningxia'),
  province('650000', '新疆维吾尔自治区', 'Xinjiang'),
  province('710000', '台湾省', 'Taiwan'),
  province('810000', '香港特别行政区', 'Hong Kong'),
  province('820000', '澳门特别行政区', 'Macao'),
  // Jiangsu
  city('320100', '南京市', 'Nanjing'),
  city('320200', '无锡市', 'Wuxi'),
  city('320300', '徐州市', 'Xuzhou'),
  city('320400', '常州市', 'Changzhou'),
  city('320500', '苏州市', 'Suzhou'),
  city('320600', '南通市', 'Nantong'),
  city('320700', '连云港市', 'Lianyungang'),
  city('320800', '淮安市', "Huai'an"),
  city('320900', '盐城市', 'Yancheng'),
  city('321000', '扬州市', 'Yangzhou'),
  city('321100', '镇江市', 'Zhenjiang'),
  // Two cities are Taizhou in English (泰州 in Jiangsu, 台州 in Zhejiang): each names its province.
  city('321200', '泰州市', 'Taizhou (Jiangsu)'),
  city('321300', '宿迁市', 'Suqian'),
  // Zhejiang
  city('330100', '杭州市', 'Hangzhou'),
  city('330200', '宁波市', 'Ningbo'),
  city('330300', '温州市', 'Wenzhou'),
  city('330400', '嘉兴市', 'Jiaxing'),
  city('330500', '湖州市', 'Huzhou'),
  city('330600', '绍兴市', 'Shaoxing'),
  city('330700', '金华市', 'Jinhua'),
  city('330800', '衢州市', 'Quzhou'),
  city('330900', '舟山市', 'Zhoushan'),
  city('331000', '台州市', 'Taizhou (Zhejiang)'),
  city('331100', '丽水市', 'Lishui'),
  // Districts the demo's owners are registered in (Yancheng)
  district('320902', '亭湖区', 'Tinghu District, Yancheng'),
  district('320904', '大丰区', 'Dafeng District, Yancheng'),
]

const byCode = new Map(REGIONS.map((r) => [r.code, r]))

/** The Chinese names that name a region: its own, and with its parent's before it (江苏省南京市, 盐城市大丰区). */
const byChineseName = new Map<string, Region>()
for (const r of REGIONS) {
  byChineseName.set(r.nameZh, r)
  const parent = r.parentCode ? byCode.get(r.parentCode) : undefined
  if (parent) byChineseName.set(parent.nameZh + r.nameZh, r)
}

export function regionByCode(code: string | null | undefined): Region | undefined {
  return code ? byCode.get(code) : undefined
}

export function isRegionCode(value: unknown): value is string {
  return typeof value === 'string' && byCode.has(value)
}

/**
 * Where a stored or submitted region value points: a catalogue code, or a Chinese name the
 * catalogue knows (as migration 0009 matched the old free text: the name itself or province +
 * city, surrounding spaces ignored) → `{ code, legacy: '' }`; anything else is kept as written in
 * `legacy` (shown as is in both languages) with no code.
 */
export function resolveRegion(value: string | null | undefined): { code: string | null; legacy: string } {
  const text = (value ?? '').trim()
  if (!text) return { code: null, legacy: '' }
  const region = byCode.get(text) ?? byChineseName.get(text)
  return region ? { code: region.code, legacy: '' } : { code: null, legacy: text }
}

/** The catalogue for a select, in code order (a province before its cities, a city before its districts), each labelled with its parents. */
export function regionOptions(locale: string): { value: string; label: string }[] {
  const path = (r: Region): string[] => {
    const parent = r.parentCode ? byCode.get(r.parentCode) : undefined
    return [...(parent ? path(parent) : []), regionName(r.code, locale)]
  }
  return [...REGIONS]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((r) => ({ value: r.code, label: path(r).join(' · ') }))
}

/**
 * A region's name in the reader's language. Takes a catalogue code, or an organisation's old
 * free-text region that no code matched, which is returned unchanged (it has no other name);
 * null/empty → ''. English falls back to Chinese only when a region has no English name.
 */
export function regionName(codeOrText: string | null | undefined, locale: string): string {
  if (!codeOrText) return ''
  const region = byCode.get(codeOrText)
  if (!region) return codeOrText
  return locale === 'en' ? region.nameEn || region.nameZh : region.nameZh
}
