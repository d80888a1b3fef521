/**
 * What one process does. `all` (the default) runs everything in one process; on several machines
 * each process takes some roles, all sharing one Redis (workers scale out, the scheduler runs once).
 */
export const ROLES = ['worker', 'scheduler', 'discord', 'telegram', 'http'] as const;
export type Role = (typeof ROLES)[number];

export class RoleError extends Error {
  override readonly name = 'RoleError';
}

/** `worker,http` or `all`; unknown names are an error listing the valid ones. */
export function parseRoles(value: string | undefined): ReadonlySet<Role> {
  if (value === undefined || value.trim() === '' || value.trim() === 'all') return new Set(ROLES);
  const roles = new Set<Role>();
  for (const name of value.split(',').map((part) => part.trim())) {
    if (name === 'all') ROLES.forEach((role) => roles.add(role));
    else if ((ROLES as readonly string[]).includes(name)) roles.add(name as Role);
    else throw new RoleError(`--role: unknown role "${name}" (use ${[...ROLES, 'all'].join(', ')}, or several separated by commas)`);
  }
  return roles;
}
