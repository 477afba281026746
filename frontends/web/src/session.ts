// The signed-in user's token lives in sessionStorage: it is gone when the tab closes.
export interface Session {
  token: string;
  subject: string;
  role: string;
  org: string | null;
}

const KEY = "diaspora.session";

export function currentSession(): Session | null {
  const stored = sessionStorage.getItem(KEY);
  return stored ? (JSON.parse(stored) as Session) : null;
}

export function signIn(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}
