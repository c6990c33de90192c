import { useTranslation } from 'react-i18next'

export function Toast({ toast }: { toast: { kind: string; messageKey: string; params?: Record<string, string | number> } }) {
  const { t } = useTranslation()
  return (
    <div role="status" className={`toast toast-${toast.kind}`}>
      {t(toast.messageKey, toast.params)}
    </div>
  )
}
