/**
 * Who may do what, as one matrix for our fixed roles. Loaders and actions ask `can()` (through
 * `requirePermission`) and additionally scope every query by the caller's organisation.
 */
export const roles = ['owner', 'agency', 'regulator', 'admin'] as const
export type Role = (typeof roles)[number]

export const permissionMatrix = {
  'catalogue.manage': ['admin'],
  'accounts.createRegulator': ['admin'],
  'audit.read': ['admin', 'regulator'],
  'registry.review': ['regulator', 'admin'],
  'owner.workspace': ['owner'],
  'agency.workspace': ['agency'],
  'regulator.workspace': ['regulator'],
  'admin.workspace': ['admin'],
  /** A contract's page: its parties and the supervising regulator (each scoped to their contracts). */
  'contracts.read': ['owner', 'agency', 'regulator'],
  /** Complaints: the complainant's organisation, the agency complained about, the supervising regulator (each scoped to their complaints). */
  'complaints.read': ['owner', 'agency', 'regulator'],
  /** Filing a complaint: an owner about its contract or need, an agency about a need it bid on. */
  'complaints.file': ['owner', 'agency'],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof permissionMatrix

export function can(role: Role, permission: Permission): boolean {
  return (permissionMatrix[permission] as readonly Role[]).includes(role)
}

/** The landing page of each role's workspace. */
export const homeOf: Record<Role, string> = {
  owner: '/owner',
  agency: '/agency',
  regulator: '/regulator',
  admin: '/admin',
}
