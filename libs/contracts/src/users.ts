import type { Locale, Role } from '@app/domain';

/** A user as GET /users and GET /auth/me answer it. */
export interface UserView<I = string> {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  districtIds: string[];
  departmentId: string | null;
  active: boolean;
  locale: Locale | null;
  createdAt: I;
  updatedAt: I;
}

/** POST /auth/login: the bearer token, when it expires, and who signed in. */
export interface SessionView<I = string> {
  accessToken: string;
  expiresAt: I;
  user: UserView<I>;
}
