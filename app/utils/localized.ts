import { useTranslation } from 'react-i18next'

/** Picks the Chinese or English name of a bilingual record for the current language. */
export function useLocalized() {
  const { i18n } = useTranslation()
  const en = i18n.language === 'en'
  return (record: { nameZh: string; nameEn: string }) => (en ? record.nameEn || record.nameZh : record.nameZh)
}
