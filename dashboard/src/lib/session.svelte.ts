//! The signed-in admin: token kept in localStorage across reloads, role for what the
//! menu shows, and the message the login page shows after a session ended.

export type Role = 'operator' | 'admin' | 'super_admin';

export interface SessionAdmin {
  id: string;
  username: string;
  role: string;
}

const KEY = 'tagih.session';

interface Stored {
  token: string;
  admin: SessionAdmin;
  expiresAt: string;
}

function load(): Stored | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Stored;
    return new Date(s.expiresAt).getTime() > Date.now() ? s : null;
  } catch {
    return null;
  }
}

const stored = typeof localStorage === 'undefined' ? null : load();

export const session = $state<{ token: string | null; admin: SessionAdmin | null; message: string | null }>({
  token: stored?.token ?? null,
  admin: stored?.admin ?? null,
  message: null,
});

export function signIn(token: string, admin: SessionAdmin, expiresAt: string): void {
  session.token = token;
  session.admin = admin;
  session.message = null;
  localStorage.setItem(KEY, JSON.stringify({ token, admin, expiresAt }));
}

/** Ends the session locally; `message` is an i18n key the login page shows. */
export function signOut(message: string | null = null): void {
  session.token = null;
  session.admin = null;
  session.message = message;
  localStorage.removeItem(KEY);
}

/** The server no longer accepts the token. */
export function expire(): void {
  signOut('login.expired');
}

const rank: Record<Role, number> = { operator: 0, admin: 1, super_admin: 2 };

/** Whether the signed-in role is at least `role` (the API enforces it regardless). */
export function can(role: Role): boolean {
  const mine = session.admin?.role as Role | undefined;
  return mine !== undefined && rank[mine] !== undefined && rank[mine] >= rank[role];
}
