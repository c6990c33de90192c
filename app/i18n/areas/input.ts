import type { Dictionary } from '../dictionary'

/** Refusals of hostile or malformed input: a bad character in a field, a body that is not a form. */
export const zh = {
  controlCharacters: '含有不允许的字符（控制字符或无效字符），请删除后重试。',
  notAForm: '请求内容不是表单（需要 application/x-www-form-urlencoded 或 multipart/form-data）。',
  malformedForm: '无法读取提交的表单，请刷新页面后重试。',
}

export const en: Dictionary<typeof zh> = {
  controlCharacters: 'Contains characters that are not allowed (control or invalid characters); please remove them.',
  notAForm: 'The request is not a form (application/x-www-form-urlencoded or multipart/form-data expected).',
  malformedForm: 'The submitted form could not be read; please reload the page and try again.',
}
