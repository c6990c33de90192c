import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SignupSchema } from '~/domain/accounts/schemas'
import {
  localizedParams,
  organisationName,
  organisationRegion,
  regionFields,
  regionName,
} from '~/domain/organisations/names'
import { REGIONS, regionOptions, resolveRegion } from '~/domain/organisations/regions'
import { formatList } from '~/utils/format'

describe('organisationName', () => {
  it('English reads the English name; Chinese only when there is none (or on a Chinese page)', () => {
    const org = {
      name: '江苏环科环境工程咨询有限公司',
      nameEn: 'Jiangsu Huanke Environmental Engineering Consulting Co., Ltd.',
    }
    expect(organisationName(org, 'en')).toBe(org.nameEn)
    expect(organisationName(org, 'zh-CN')).toBe(org.name)
    expect(organisationName({ name: '测试单位', nameEn: '' }, 'en')).toBe('测试单位')
    expect(organisationName({ name: '测试单位', nameEn: '   ' }, 'en')).toBe('测试单位')
    expect(organisationName({ name: '测试单位' }, 'en')).toBe('测试单位')
  })
})

describe('regionName and the catalogue', () => {
  it('names a code in the reader’s language; legacy free text as written; nothing as ""', () => {
    expect(regionName('320900', 'en')).toBe('Yancheng')
    expect(regionName('320900', 'zh-CN')).toBe('盐城市')
    expect(regionName('330000', 'en')).toBe('Zhejiang')
    expect(regionName('苏州市工业园区', 'en')).toBe('苏州市工业园区')
    expect(regionName('', 'en')).toBe('')
    expect(regionName(null, 'zh-CN')).toBe('')
    expect(organisationRegion({ regionCode: '320100', region: '' }, 'en')).toBe('Nanjing')
    expect(organisationRegion({ regionCode: null, region: '火星基地' }, 'en')).toBe('火星基地')
  })

  it('holds every province-level division (34) and all 11 prefecture-level cities of Zhejiang; codes unique, parents present', () => {
    const codes = new Set(REGIONS.map((r) => r.code))
    expect(codes.size).toBe(REGIONS.length)
    expect(REGIONS.filter((r) => r.parentCode === null)).toHaveLength(34)
    expect(REGIONS.filter((r) => r.parentCode === '330000').map((r) => r.nameZh)).toEqual([
      '杭州市',
      '宁波市',
      '温州市',
      '嘉兴市',
      '湖州市',
      '绍兴市',
      '金华市',
      '衢州市',
      '舟山市',
      '台州市',
      '丽水市',
    ])
    for (const r of REGIONS) {
      expect(r.code, r.nameZh).toMatch(/^\d{6}$/)
      if (r.parentCode) expect(codes.has(r.parentCode), r.code).toBe(true)
    }
    // No two regions share an English name (泰州 and 台州 are both "Taizhou").
    expect(new Set(REGIONS.map((r) => r.nameEn)).size).toBe(REGIONS.length)
  })

  it('resolves old free text as migration 0009 does: code, Chinese name, parent + name; anything else is legacy', () => {
    expect(resolveRegion('320100')).toEqual({ code: '320100', legacy: '' })
    expect(resolveRegion(' 南京市 ')).toEqual({ code: '320100', legacy: '' })
    expect(resolveRegion('江苏省南京市')).toEqual({ code: '320100', legacy: '' })
    expect(resolveRegion('盐城市大丰区')).toEqual({ code: '320904', legacy: '' })
    expect(resolveRegion('苏州市工业园区')).toEqual({ code: null, legacy: '苏州市工业园区' })
    expect(resolveRegion('')).toEqual({ code: null, legacy: '' })
  })

  it('options are labelled in the reader’s language with their parents', () => {
    expect(regionOptions('en')).toContainEqual({ value: '320900', label: 'Jiangsu · Yancheng' })
    expect(regionOptions('zh-CN')).toContainEqual({ value: '320904', label: '江苏省 · 盐城市 · 大丰区' })
    expect(regionOptions('en')).toHaveLength(REGIONS.length)
  })

  it('the API keeps both languages', () => {
    expect(regionFields('320200')).toEqual({ region: '无锡市', regionEn: 'Wuxi', regionCode: '320200' })
    expect(regionFields('苏州市工业园区')).toEqual({
      region: '苏州市工业园区',
      regionEn: '苏州市工业园区',
      regionCode: null,
    })
  })

  it('migration 0009 inserts exactly the catalogue', () => {
    const sql = readFileSync(
      path.resolve(import.meta.dirname, '../../db/migrations/0009_regions_catalogue.sql'),
      'utf8',
    )
    const rows = [...sql.matchAll(/^\t\('(\d{6})', '([^']*)', '((?:[^']|'')*)', (NULL|'\d{6}')\)[,;]/gm)].map((m) => ({
      code: m[1],
      nameZh: m[2],
      nameEn: m[3].replace(/''/g, "'"),
      parentCode: m[4] === 'NULL' ? null : m[4].slice(1, -1),
    }))
    expect(rows).toEqual(REGIONS)
  })
})

describe('region fields', () => {
  const signup = {
    kind: 'owner',
    organisationName: '单位',
    creditCode: '91320900MA1MXXXX0X',
    name: '张三',
    email: 'a@example.test',
    password: 'correct-horse-battery',
  }
  const regionErrors = (region: string) => {
    const parsed = SignupSchema.safeParse({ ...signup, region })
    return parsed.success ? [] : parsed.error.issues.filter((i) => i.path[0] === 'region').map((i) => i.message)
  }
  it('take a catalogue code; a typed name or unknown code is regions.unknown; sign-up may leave it empty', () => {
    expect(regionErrors('320900')).toEqual([])
    expect(regionErrors('')).toEqual([])
    expect(regionErrors('盐城市')).toEqual(['regions.unknown'])
    expect(regionErrors('999999')).toEqual(['regions.unknown'])
  })
})

describe('localizedParams', () => {
  it('an English reader gets organisationEn for organisation when there is one', () => {
    const params = { organisation: '江苏环科', organisationEn: 'Jiangsu Huanke' }
    expect(localizedParams(params, 'en')).toEqual({ organisation: 'Jiangsu Huanke', organisationEn: 'Jiangsu Huanke' })
    expect(localizedParams(params, 'zh-CN')).toEqual(params)
    expect(localizedParams({ organisation: '江苏环科', organisationEn: '' }, 'en')).toEqual({
      organisation: '江苏环科',
      organisationEn: '',
    })
    expect(localizedParams({ title: '标题' }, 'en')).toEqual({ title: '标题' })
  })
})

describe('lists on screen', () => {
  it('English never joins with 、', () => {
    expect(formatList(['Jiangsu Huanke (1)', 'Yancheng Lvyuan (2)'], 'en')).not.toContain('、')
  })
})
