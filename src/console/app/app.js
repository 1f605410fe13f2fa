// The shell: sign-in, navigation, language switch, the live stream's state, and the pages.
import { Component } from 'preact';
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { loadOperators } from './directory.js';
import { language, onLanguage, setLanguage, t } from './i18n.js';
import { onLiveState, startLive, stopLive } from './live.js';
import { currentRoute, href, onRoute } from './router.js';
import { end, onSessionChange, session } from './session.js';
import { Loading } from './ui.js';
import { SignIn } from './pages/signin.js';
import { OverviewPage } from './pages/overview.js';
import { StationsPage } from './pages/stations.js';
import { StationPage } from './pages/station.js';
import { SessionsPage } from './pages/sessions.js';
import { MoneyPage } from './pages/money.js';
import { PartnersPage } from './pages/partners.js';

/** A page whose code (and library) loads when it is first shown. */
function lazyPage(load, name) {
  let loaded = null;
  return function LazyPage(props) {
    const [mod, setMod] = useState(loaded);
    const [error, setError] = useState(null);
    useEffect(() => {
      if (!mod) load().then((m) => setMod((loaded = m)), setError);
    }, []);
    if (error) return html`<p class="error" role="alert">${error.message}</p>`;
    if (!mod) return html`<${Loading} />`;
    const Page = mod[name];
    return html`<${Page} ...${props} />`;
  };
}
const MapPage = lazyPage(() => import('./pages/map.js'), 'MapPage');
const SessionPage = lazyPage(() => import('./pages/session.js'), 'SessionPage');

const NAV = [
  ['overview', 'nav.overview'],
  ['map', 'nav.map'],
  ['stations', 'nav.stations'],
  ['sessions', 'nav.sessions'],
  ['money', 'nav.money'],
  ['partners', 'nav.partners'],
];

function LanguageSwitch() {
  const next = language() === 'zh' ? 'en' : 'zh';
  return html`<button type="button" class="lang" lang=${next === 'zh' ? 'zh-CN' : 'en'} aria-label=${t('language.switch')} onClick=${() => setLanguage(next)}>
    ${next === 'zh' ? '中文' : 'English'}
  </button>`;
}

function LiveState() {
  const [state, setState] = useState('idle');
  useEffect(() => onLiveState(setState), []);
  return html`<span class="live live-${state}" role="status" title=${t(`live.${state}`)}>● ${t(`live.${state}`)}</span>`;
}

/** A page that throws while drawing shows what went wrong instead of a blank screen. */
class PageBoundary extends Component {
  state = { error: null };
  static getDerivedStateFromError(error) {
    return { error };
  }
  componentDidUpdate(previous) {
    if (previous.routeKey !== this.props.routeKey && this.state.error) this.setState({ error: null });
  }
  render() {
    if (this.state.error) return html`<div class="error" role="alert"><strong>${t('error')}</strong> ${String(this.state.error.message ?? this.state.error)}</div>`;
    return this.props.children;
  }
}

function Page({ route, config, me }) {
  switch (route.page) {
    case 'map':
      return html`<${MapPage} config=${config} me=${me} />`;
    case 'stations':
      return route.id ? html`<${StationPage} id=${route.id} me=${me} />` : html`<${StationsPage} me=${me} />`;
    case 'sessions':
      return route.id ? html`<${SessionPage} id=${route.id} />` : html`<${SessionsPage} me=${me} />`;
    case 'money':
      return html`<${MoneyPage} tab=${route.id ?? 'cdrs'} me=${me} />`;
    case 'partners':
      return html`<${PartnersPage} id=${route.id} />`;
    default:
      return html`<${OverviewPage} me=${me} />`;
  }
}

export function App({ config }) {
  const [, setLang] = useState(language());
  const [s, setSession] = useState(session());
  const [route, setRoute] = useState(currentRoute());
  const [ready, setReady] = useState(false);
  useEffect(() => onLanguage(setLang), []);
  useEffect(() => onSessionChange(setSession), []);
  useEffect(() => onRoute(setRoute), []);
  // An idle tab notices an expired session without waiting for a click.
  useEffect(() => {
    const timer = setInterval(() => session(), 15_000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    document.title = `${t('app.title')} · ${t(`nav.${route.page}`)}`;
  });
  useEffect(() => {
    if (!s) {
      stopLive();
      setReady(false);
      return;
    }
    startLive();
    loadOperators(s.me).then(
      () => setReady(true),
      () => setReady(true),
    );
  }, [s?.key]);

  if (!s) return html`<${LanguageBar} /><${SignIn} />`;
  const me = s.me;
  return html`
    <a class="skip" href="#main">${t('skip')}</a>
    <header class="top">
      <a class="brand" href=${href('overview')}>${t('app.title')}</a>
      <nav aria-label=${t('nav.label')}>
        <ul>${NAV.map(([page, key]) => html`<li><a href=${href(page)} aria-current=${route.page === page ? 'page' : undefined}>${t(key)}</a></li>`)}</ul>
      </nav>
      <div class="who">
        <${LiveState} />
        <span class="me">${me.kind === 'admin' ? t('me.admin') : `${me.operatorName ?? me.operatorId}`}</span>
        <${LanguageSwitch} />
        <button type="button" onClick=${() => end('signed-out')}>${t('signout')}</button>
      </div>
    </header>
    <main id="main" tabindex="-1">${ready ? html`<${PageBoundary} routeKey=${location.hash}><${Page} route=${route} config=${config} me=${me} /><//>` : html`<${Loading} />`}</main>`;
}

function LanguageBar() {
  return html`<div class="langbar"><${LanguageSwitch} /></div>`;
}
