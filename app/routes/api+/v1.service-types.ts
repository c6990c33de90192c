import { getDb } from '#db/client.server'
import { listServiceTypes } from '~/domain/catalogue/catalogue.server'
import { apiHandle } from '~/utils/api.server'

/** GET /api/v1/service-types — the public catalogue of active service types. */
export const loader = apiHandle(async () => {
  const rows = await listServiceTypes(await getDb())
  return {
    data: rows
      .filter((s) => s.active)
      .map((s) => ({
        code: s.code,
        nameZh: s.nameZh,
        nameEn: s.nameEn,
        descriptionZh: s.descriptionZh,
        descriptionEn: s.descriptionEn,
        department: { code: s.department.code, nameZh: s.department.nameZh, nameEn: s.department.nameEn },
        requiredQualifications: s.qualifications.map((q) => q.qualificationType.code),
      })),
  }
})
