import type { Actor, Locale } from '@app/domain';
import type { UserEntity } from '@app/database';
import type { UserView } from '@app/contracts';

/** The signed-in user as the rest of the API sees it: an Actor (role and scope) plus identity. */
export interface AuthUser extends Actor {
  email: string;
  fullName: string;
  locale: Locale | null;
}

export function toAuthUser(u: UserEntity): AuthUser {
  return { id: u.id, role: u.role, districtIds: u.districtIds, departmentId: u.departmentId, email: u.email, fullName: u.fullName, locale: u.locale };
}

export function toUserView(u: UserEntity): UserView<Date> {
  return {
    id: u.id,
    email: u.email,
    fullName: u.fullName,
    role: u.role,
    districtIds: u.districtIds,
    departmentId: u.departmentId,
    active: u.active,
    locale: u.locale,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}
