import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useNavigation,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import leafletStyles from 'leaflet/dist/leaflet.css?url';
import clusterStyles from 'leaflet.markercluster/dist/MarkerCluster.css?url';
import clusterDefaultStyles from 'leaflet.markercluster/dist/MarkerCluster.Default.css?url';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { NavMenuButton, useNavMenu } from './components/nav-menu.tsx';
import { Alert, Badge, ButtonLink } from './components/ui.tsx';
import { countUnread } from './domain/notices/notices.server.ts';
import { defaultLocale, type Locale } from './i18n/index.ts';
import styles from './styles/app.css?url';
import { getUser } from './utils/auth.server.ts';
import { getLocale } from './utils/i18n.server.ts';
import { I18nProvider, useI18n } from './utils/i18n.tsx';
import { readLandingNote } from './utils/landing-note.server.ts';
import { errorStatus, errorTexts, pageTitle } from './utils/meta.ts';
import { currentNavItem, navFor, signInHref } from './utils/navigation.ts';
import { useNonce } from './utils/nonce.tsx';

// Leaflet's styles on every page, before ours: a page that shows a map cannot forget them (three once did).
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: leafletStyles },
  { rel: 'stylesheet', href: clusterStyles },
  { rel: 'stylesheet', href: clusterDefaultStyles },
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

/** The site's name, for a page without a title of its own; on an error page, what went wrong (页面不存在 · 社会大课堂). */
export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [locale, user] = await Promise.all([getLocale(request), getUser(request, context)]);
  const roles = user?.roles.map((r) => r.role) ?? [];
  const landingNote = await readLandingNote(context.db, new URL(request.url), user);
  return {
    locale,
    user: user ? { name: user.name, roles: [...new Set(roles)] } : null,
    nav: navFor(roles, Boolean(user)),
    unread: user ? await countUnread(context.db, user.id) : 0,
    map: {
      tileUrl: context.config.mapTileUrl,
      attribution: context.config.mapAttribution,
      attributionUrl: context.config.mapAttributionUrl ?? null,
    },
    requestId: context.requestId,
    landingNote,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function useRootData(): RootData | undefined {
  return useRouteLoaderData<typeof loader>('root');
}

/**
 * 中文 | English. Drawn once: at the top right of a wider screen (on the brand's row, so the links below keep one row in
 * English), inside the folded menu on a phone (app.css hides the other; a hidden one is out of the tab order and of
 * the accessibility tree).
 */
function LanguageSwitch({ place, back }: { place: 'top' | 'menu'; back: string }) {
  const { t, locale } = useI18n();
  return (
    <Form
      method="post"
      action="/lang"
      className={`lang-switch lang-switch-${place}`}
      aria-label={t('lang.switch')}
    >
      <input type="hidden" name="redirectTo" value={back} />
      <button type="submit" name="lang" value="zh" lang="zh-CN" aria-pressed={locale === 'zh'}>
        {t('lang.zh')}
      </button>
      <button type="submit" name="lang" value="en" lang="en" aria-pressed={locale === 'en'}>
        {t('lang.en')}
      </button>
    </Form>
  );
}

function Header({ data }: { data: RootData | undefined }) {
  const { t } = useI18n();
  const location = useLocation();
  const back = location.pathname + location.search;
  const menu = useNavMenu();
  const unread = data?.unread ?? 0;
  const current = currentNavItem(data?.nav ?? [], location.pathname);
  // The search page has its own box with the filters: one box there, and its results higher on a phone.
  const ownSearch = location.pathname === '/search';
  return (
    <header className="site-header">
      <div className={ownSearch ? 'container without-search' : 'container'}>
        <Link to="/" className="brand">
          <span className="brand-name">{t('site.name')}</span>
          <span className="brand-tag">{t('site.tagline')}</span>
        </Link>
        {ownSearch ? null : (
          <form
            className="header-search"
            method="get"
            action="/search"
            role="search"
            aria-label={t('search.landmark')}
          >
            <label htmlFor="header-q" className="visually-hidden">
              {t('search.label')}
            </label>
            <input
              id="header-q"
              type="search"
              name="q"
              placeholder={t('search.placeholder')}
              maxLength={100}
            />
            <button type="submit" className="btn btn-primary">
              {t('search.submit')}
            </button>
          </form>
        )}
        <LanguageSwitch place="top" back={back} />
        <NavMenuButton menu={menu} controls="site-nav">
          {t('nav.menu')}
          {unread > 0 ? (
            <Badge tone="bad">
              <span className="visually-hidden">{t('inbox.unread')} </span>
              {unread}
            </Badge>
          ) : null}
        </NavMenuButton>
        <nav id="site-nav" className={menu.open ? 'site-nav is-open' : 'site-nav'} aria-label={t('nav.main')}>
          {data?.nav.map((item) => (
            <Link
              key={item.to}
              to={item.to}
              prefetch="intent"
              aria-current={item.to === current ? 'page' : undefined}
            >
              {t(item.label)}
              {item.to === '/inbox' && unread > 0 ? (
                <>
                  {' '}
                  <Badge tone="bad">{unread}</Badge>
                </>
              ) : null}
            </Link>
          ))}
          {data?.user ? (
            <>
              <NavLink to="/account">{t('nav.accountOf', { name: data.user.name })}</NavLink>
              <Form method="post" action="/logout" className="nav-signout">
                <button type="submit" className="linkish btn btn-quiet">
                  {t('nav.signOut')}
                </button>
              </Form>
            </>
          ) : (
            <ButtonLink to={signInHref(location.pathname, back)} variant="secondary">
              {t('nav.signIn')}
            </ButtonLink>
          )}
          <LanguageSwitch place="menu" back={back} />
        </nav>
      </div>
    </header>
  );
}

function Footer({ data }: { data: RootData | undefined }) {
  const { t } = useI18n();
  return (
    <footer className="site-footer">
      <div className="container">
        <p>{t('footer.about')}</p>
        <p>{t('footer.demo')}</p>
        <p>
          <Link to="/privacy">{t('footer.privacy')}</Link>
        </p>
        <h2>{t('footer.data')}</h2>
        <ul>
          <li>{t('footer.dataRegions')}</li>
          <li>{t('footer.dataMuseums')}</li>
          <li>{t('footer.dataHsds')}</li>
          {data ? (
            <li>
              {t('footer.dataMap')}
              {data.map.attributionUrl ? (
                <a href={data.map.attributionUrl} rel="noopener">
                  {data.map.attribution}
                </a>
              ) : (
                data.map.attribution
              )}
            </li>
          ) : null}
        </ul>
      </div>
    </footer>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
  const nonce = useNonce();
  const locale: Locale = data?.locale ?? defaultLocale;
  return (
    <html lang={locale === 'zh' ? 'zh-CN' : 'en'}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nProvider locale={locale}>
          <SkipLink />
          <Header data={data} />
          <main id="main">
            <div className="container">{children}</div>
          </main>
          <Footer data={data} />
          <RouteAnnouncer />
        </I18nProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function SkipLink() {
  const { t } = useI18n();
  return (
    <a className="skip-link" href="#main">
      {t('site.skipToContent')}
    </a>
  );
}

/**
 * After a form of the page comes back to it (its action answered instead of leading elsewhere), focus goes to what to
 * fix: the first field marked invalid, whose message is tied to it (aria-describedby), or else the form's error alert
 * (a wrong password, a session gone full). The submit button was disabled while sending, so focus would otherwise
 * fall back to the start of the page. (Without JavaScript the page reloads and reading starts at the top.)
 */
function useFocusAfterSubmission() {
  const navigation = useNavigation();
  const location = useLocation();
  const submittedOn = useRef<string | null>(null);
  useEffect(() => {
    if (navigation.state === 'submitting' && navigation.formAction) {
      const action = new URL(navigation.formAction, window.location.href).pathname;
      submittedOn.current = action === location.pathname ? action : null;
    }
    if (navigation.state !== 'idle' || submittedOn.current === null) return;
    const stayed = submittedOn.current === location.pathname;
    submittedOn.current = null;
    if (!stayed) return;
    const target =
      document.querySelector<HTMLElement>('main [aria-invalid="true"]') ??
      document.querySelector<HTMLElement>('main [role="alert"]');
    target?.focus();
  }, [navigation.state, navigation.formAction, location.pathname]);
}

/**
 * Says that a link (or a form that led elsewhere) opened another page, as a full page load would: the new title is
 * read out and focus moves to the page's heading, where reading and tabbing go on. Not on the first load (the browser
 * does that), nor when only the query of the same page changes (a filter, a page of results, the map view): the
 * reader stays where they were.
 */
function RouteAnnouncer() {
  const { pathname } = useLocation();
  const announced = useRef(pathname);
  const [title, setTitle] = useState('');
  useEffect(() => {
    if (announced.current === pathname) return;
    announced.current = pathname;
    setTitle(document.title);
    const heading = document.querySelector<HTMLElement>('main h1') ?? document.getElementById('main');
    if (!heading) return;
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }, [pathname]);
  return (
    <div id="route-announcer" className="visually-hidden" aria-live="polite" aria-atomic="true">
      {title}
    </div>
  );
}

export default function App() {
  useFocusAfterSubmission();
  return (
    <>
      <LandingNoteAlert />
      <Outlet />
    </>
  );
}

/**
 * After a reset link or an invitation led here: the new password is set, or which school the person has joined; after
 * signing out, that the person is signed out.
 */
function LandingNoteAlert() {
  const note = useRootData()?.landingNote;
  const { t } = useI18n();
  if (!note) return null;
  return (
    <Alert tone="good">
      {note.kind === 'reset'
        ? t('reset.done')
        : note.kind === 'signedOut'
          ? t('auth.signedOut')
          : t('join.done', { school: note.school, role: t(`role.${note.role}`) })}
    </Alert>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useI18n();
  const data = useRootData();
  const status = errorStatus(error);
  return (
    <div className="card" style={{ maxWidth: 640 }}>
      <h1>{t(errorTexts(status).heading)}</h1>
      <p>{status === 404 ? t('error.notFoundHint') : status >= 500 ? t('error.server') : null}</p>
      {data?.requestId ? <p className="muted">{t('error.requestId', { id: data.requestId })}</p> : null}
      <ButtonLink to="/">{t('error.goHome')}</ButtonLink>
    </div>
  );
}
