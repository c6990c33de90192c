import { getDb } from '#db/client.server'
import { listApprovalItems } from '~/domain/catalogue/catalogue.server'
import { apiHandle } from '~/utils/api.server'

/** GET /api/v1/approval-items — approval items with limits L and P in working days. */
export const loader = apiHandle(async () => {
  const rows = await listApprovalItems(await getDb())
  return {
    data: rows
      .filter((a) => a.active)
      .map((a) => ({
        code: a.code,
        nameZh: a.nameZh,
        nameEn: a.nameEn,
        department: { code: a.department.code, nameZh: a.department.nameZh, nameEn: a.department.nameEn },
        statutoryWorkingDays: a.statutoryDays,
        committedWorkingDays: a.committedDays,
        limitsAreDemoValues: a.limitsAreDemo,
        serviceTypes: a.serviceTypes.map((s) => s.serviceType.code),
      })),
  }
})
