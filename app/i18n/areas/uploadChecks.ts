import type { Dictionary } from '../dictionary'

/** Refusals of certificate uploads added by the hardening work (the older ones live under agency.upload). */
export const zh = {
  fileName: '文件名含有控制字符或文字方向控制字符（可能用来伪装文件扩展名），请重命名文件后再上传。',
  pdfIncomplete: '该 PDF 文件不完整：文件末尾没有结束标记（%%EOF），可能已损坏或未传完整。请重新导出或保存后再上传。',
}

export const en: Dictionary<typeof zh> = {
  fileName:
    'The file name contains control or text-direction characters (which can disguise its real extension); rename the file and upload it again.',
  pdfIncomplete:
    'This PDF is incomplete: it has no end-of-file marker (%%EOF) near its end, so it may be damaged or cut off. Export or save it again and upload the new file.',
}
