/**
 * Which approval items a need of a given service type may serve: those the catalogue links to
 * that service type (table approval_item_service_types). The need form lists only these once a
 * service type is chosen, and saving refuses any other (needs.server.ts). Pure.
 */

export interface ApprovalItemChoice {
  id: string
  /** The service types whose reports the approval item calls for. */
  serviceTypeIds: readonly string[]
}

/** Whether the approval item calls for the service type. */
export function servesServiceType(item: Pick<ApprovalItemChoice, 'serviceTypeIds'>, serviceTypeId: string): boolean {
  return item.serviceTypeIds.includes(serviceTypeId)
}

/** The items a need of `serviceTypeId` may choose, in their order; every item while no service type is chosen. */
export function approvalItemsFor<T extends ApprovalItemChoice>(items: readonly T[], serviceTypeId: string | null | undefined): T[] {
  if (!serviceTypeId) return [...items]
  return items.filter((item) => servesServiceType(item, serviceTypeId))
}

/**
 * The items grouped by service type, in the order of `serviceTypes` (an item linked to two
 * appears in both groups), then the items linked to none: the list a form shows when it
 * cannot filter (no JavaScript).
 */
export function approvalItemsByServiceType<T extends ApprovalItemChoice, S extends { id: string }>(
  items: readonly T[],
  serviceTypes: readonly S[],
): { serviceType: S | null; items: T[] }[] {
  const groups: { serviceType: S | null; items: T[] }[] = serviceTypes
    .map((serviceType) => ({ serviceType, items: approvalItemsFor(items, serviceType.id) }))
    .filter((g) => g.items.length > 0)
  const unlinked = items.filter((item) => item.serviceTypeIds.length === 0)
  if (unlinked.length) groups.push({ serviceType: null, items: unlinked })
  return groups
}
