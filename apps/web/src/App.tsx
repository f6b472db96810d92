import { useEffect, useMemo, useState } from 'react';
import type { Role } from '@app/domain';
import { api, session, speakErrorsIn, whenUnauthorized, type User } from './api.js';
import { ReauthorizationBanner } from './channels.js';
import { ReferenceContext, useReferenceData } from './common.js';
import { isLang, LANGS, type Lang } from './format.js';
import { I18nContext, LANG_NAMES, translator, type MessageKey } from './i18n.js';
import { LiveContext, LiveIndicator, useLiveConnection } from './live.js';
import { label } from './vocabulary.js';
import { Admin } from './screens/Admin.js';
import { Dashboard, MonthlyReport, UnitTickets } from './screens/Dashboard.js';
import { Inbox } from './screens/Inbox.js';
import { Login } from './screens/Login.js';
import { Notifications, NotificationsLink } from './screens/Notifications.js';
import { TicketDetail } from './screens/TicketDetail.js';
import { Triage } from './screens/Triage.js';

type Screen = 'triage' | 'inbox' | 'dashboard' | 'admin' | 'notifications';
const HOME: Record<Role, Screen> = {
  press_secretary: 'triage',
  department_head: 'inbox',
  department_staff: 'inbox',
  governor_office: 'dashboard',
  admin: 'admin',
};
const SCREENS: Record<Role, Screen[]> = {
  press_secretary: ['triage', 'inbox', 'notifications'],
  department_head: ['inbox', 'notifications'],
  department_staff: ['inbox', 'notifications'],
  governor_office: ['dashboard', 'inbox', 'notifications'],
  admin: ['admin', 'triage', 'inbox', 'dashboard', 'notifications'],
};
const NAV: Record<Screen, MessageKey> = {
  triage: 'navTriage',
  inbox: 'navInbox',
  dashboard: 'navDashboard',
  admin: 'navAdmin',
  notifications: 'navNotifications',
};
/** More screens than this do not fit a phone's header in Kazakh: the others fold into the menu (styles.css). */
const PHONE_NAV_LINKS = 2;

// The language is kept on the account (PATCH /auth/me), so it follows the user from desk to phone;
// the browser only remembers the last one used, for the sign-in page.
const LANG_KEY = 'tynda.lang';
const storedLang = (): Lang => {
  const v = localStorage.getItem(LANG_KEY);
  return isLang(v) ? v : 'kk';
};

function useHash(): string {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash;
}

export function App() {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(Boolean(session.token()));
  const [lang, setLangState] = useState<Lang>(storedLang());
  const hash = useHash();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [hash]);
  const reference = useReferenceData(user);
  const live = useLiveConnection(user?.id ?? null, () => {
    session.clear();
    setUser(null);
  });

  useEffect(() => {
    whenUnauthorized(() => {
      session.clear();
      setUser(null);
    });
    if (!session.token()) return;
    api
      .get<User>('/auth/me')
      .then(signedIn, () => session.clear())
      .finally(() => setChecking(false));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on opening the console
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  function signedIn(u: User): void {
    setUser(u);
    if (u.locale) {
      localStorage.setItem(LANG_KEY, u.locale);
      setLangState(u.locale);
    } else if (lang !== 'kk') {
      // Chosen on the sign-in page before the account had a language: keep it there.
      void api.patch<User>('/auth/me', { locale: lang }).then(setUser, () => undefined);
    }
  }

  const i18n = useMemo(
    () => ({
      lang,
      t: translator(lang),
      setLang: (l: Lang) => {
        localStorage.setItem(LANG_KEY, l);
        setLangState(l);
        // The switch takes effect at once; saving it to the account may lag or fail without undoing it.
        if (user) void api.patch<User>('/auth/me', { locale: l }).then(setUser, () => undefined);
      },
    }),
    [lang, user],
  );
  const t = i18n.t;
  speakErrorsIn(t);

  const langSwitch = (
    <label className="lang">
      <span className="sr-only">{t('language')}</span>
      <select aria-label={t('language')} value={lang} onChange={(e) => i18n.setLang(e.target.value as Lang)} data-testid="lang">
        {LANGS.map((l) => (
          <option key={l} value={l}>
            {LANG_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );

  let body;
  if (checking) body = <p className="muted">{t('loading')}</p>;
  else if (!user)
    body = (
      <Login
        onSignedIn={(token, u) => {
          session.set(token);
          signedIn(u);
        }}
      />
    );
  else body = route(hash, user);

  const page = (
    <I18nContext.Provider value={i18n}>
      <ReferenceContext.Provider value={reference}>
        <a className="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
          {t('skipToContent')}
        </a>
        <header className="top">
          <div className="brand">
            <strong>{t('appName')}</strong> <span className="muted tagline">{t('tagline')}</span>
          </div>
          {user && (
            <nav
              aria-label="main"
              id="top-nav"
              className={SCREENS[user.role].length > PHONE_NAV_LINKS ? 'crowded' : undefined}
              data-open={menuOpen ? 'true' : undefined}
            >
              {SCREENS[user.role].map((s) =>
                s === 'notifications' ? (
                  <NotificationsLink key={s} user={user} current={currentScreen(hash, user) === s} />
                ) : (
                  <a key={s} href={`#/${s}`} aria-current={currentScreen(hash, user) === s ? 'page' : undefined}>
                    {t(NAV[s])}
                  </a>
                ),
              )}
            </nav>
          )}
          {/* On a phone the user, language and sign-out (and the screens past two) fold into a menu so the header stays under ~100 px. */}
          {user && (
            <button
              type="button"
              className="menu-toggle"
              aria-expanded={menuOpen}
              aria-controls="top-nav top-who"
              onClick={() => setMenuOpen((o) => !o)}
              data-testid="menu-toggle"
            >
              <span aria-hidden="true">☰</span> {t('menu')}
            </button>
          )}
          <div className="who" id="top-who" data-open={menuOpen || !user ? 'true' : undefined}>
            {user && <LiveIndicator />}
            {langSwitch}
            {user && (
              <>
                <span className="muted" title={user.email}>
                  {user.fullName} · {label(t, 'role', user.role)}
                </span>
                <button
                  type="button"
                  onClick={() => {
                    // Ends the session on the server too, so the token is worthless even if it was copied.
                    void api.post('/auth/logout').catch(() => undefined);
                    session.clear();
                    setUser(null);
                    window.location.hash = '';
                  }}
                >
                  {t('signOut')}
                </button>
              </>
            )}
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <h1 className="sr-only">{`${t('appName')}: ${user ? t(NAV[currentScreen(hash, user)]) : t('signIn')}`}</h1>
          {user && <ReauthorizationBanner user={user} />}
          {body}
        </main>
      </ReferenceContext.Provider>
    </I18nContext.Provider>
  );
  return <LiveContext.Provider value={live}>{page}</LiveContext.Provider>;
}

function currentScreen(hash: string, user: User): Screen {
  const s = hash.replace(/^#\//, '').split(/[/?]/)[0] as Screen;
  return SCREENS[user.role].includes(s) ? s : HOME[user.role];
}

function route(hash: string, user: User) {
  const path = hash.replace(/^#\//, '');
  const [first, second, third] = path.split('?')[0]!.split('/');
  if (first === 'tickets' && second) return <TicketDetail key={second} id={second} user={user} />;
  if (first === 'dashboard' && (second === 'district' || second === 'department') && third && currentScreen(hash, user) === 'dashboard') {
    const q = new URLSearchParams(path.split('?')[1] ?? '');
    return <UnitTickets kind={second} id={third} from={q.get('from')} to={q.get('to')} />;
  }
  if (first === 'reports' && second === 'monthly') return <MonthlyReport month={new URLSearchParams(path.split('?')[1] ?? '').get('month')} />;
  switch (currentScreen(hash, user)) {
    case 'triage':
      return <Triage user={user} />;
    case 'inbox':
      return <Inbox user={user} />;
    case 'dashboard':
      return <Dashboard />;
    case 'admin':
      return <Admin />;
    case 'notifications':
      return <Notifications user={user} />;
  }
}
