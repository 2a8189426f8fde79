/** The roles of the REST API; stored in app_user.roles and api_key.roles (the tables check the same list). */
export const AUTH_ROLES = ['trader', 'viewer', 'risk', 'compliance', 'admin'] as const;
export type AuthRole = (typeof AUTH_ROLES)[number];

export function isAuthRole(value: string): value is AuthRole {
  return (AUTH_ROLES as readonly string[]).includes(value);
}

/** Roles read back from a text[] column: anything unknown is dropped (the table's CHECK keeps it from happening). */
export function toAuthRoles(values: readonly string[]): readonly AuthRole[] {
  return values.filter(isAuthRole);
}
