import { defineStore } from 'pinia';
import { api, connectSession, ok, type Schemas } from '../api/client';

type User = Schemas['SignedInUserResponse'];
const KEY = 'enclave-session';

interface Saved {
  token: string;
  user: User;
}

/**
 * Who is signed in. The token lives in localStorage so that a reload keeps the session; when the service answers
 * 401 (the token expired or was ended) the session is dropped with a message, and the sign-in page brings the user
 * back to where they were.
 */
export const useSession = defineStore('session', {
  state: () => {
    const saved = read();
    return { token: saved?.token ?? null, user: saved?.user ?? null, expiredMessage: '' as string };
  },
  getters: {
    signedIn: (s) => s.token !== null && s.user !== null,
    role: (s) => s.user?.role ?? null,
    mustChangePassword: (s) => s.user?.mustChangePassword === true,
  },
  actions: {
    async signIn(login: string, password: string) {
      const answer = await ok(api.POST('/api/auth/login', { body: { login, password } }));
      this.token = answer.accessToken;
      this.user = answer.user as User;
      this.expiredMessage = '';
      this.save();
    },
    async changePassword(currentPassword: string, newPassword: string) {
      await ok(api.POST('/api/auth/password', { body: { currentPassword, newPassword } }));
      // Changing the password ends every token of the user: sign in again with the new one.
      const login = this.user!.login;
      this.drop();
      await this.signIn(login, newPassword);
    },
    async signOut() {
      if (this.token)
        await api.POST('/api/auth/logout', { params: { header: { authorization: `Bearer ${this.token}` } } }).catch(() => undefined);
      this.drop();
    },
    expire() {
      if (!this.token) return;
      this.drop();
      this.expiredMessage = '登录已过期，请重新登录';
    },
    drop() {
      this.token = null;
      this.user = null;
      localStorage.removeItem(KEY);
    },
    save() {
      if (this.token && this.user) localStorage.setItem(KEY, JSON.stringify({ token: this.token, user: this.user } satisfies Saved));
    },
  },
});

function read(): Saved | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Saved) : null;
  } catch {
    return null;
  }
}

/** Wires the API client to the store; `onExpired` navigates to sign-in. */
export function bindSession(store: ReturnType<typeof useSession>, onExpired: () => void): void {
  connectSession({
    token: () => store.token,
    expired: () => {
      store.expire();
      onExpired();
    },
  });
}
