import { useState, type FormEvent } from 'react';
import type { SessionView } from '@app/contracts';
import { api, ApiError, type User } from '../api.js';
import { ErrorNote } from '../common.js';
import { useI18n } from '../i18n.js';

export function Login({ onSignedIn }: { onSignedIn: (token: string, user: User) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<SessionView>('/auth/login', { email, password });
      onSignedIn(res.accessToken, res.user);
    } catch (err) {
      setError(err instanceof ApiError && err.status !== 0 ? err.message : t('errorNetwork'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card login" onSubmit={submit}>
      <h1>{t('signIn')}</h1>
      <label>
        {t('email')}
        <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
      </label>
      <label>
        {t('password')}
        <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <ErrorNote text={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('signIn')}
      </button>
    </form>
  );
}
