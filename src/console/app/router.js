// Hash routes (#/stations/CS-1): the server serves one page, the browser's back button works.
const listeners = new Set();

export function currentRoute() {
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  const [path, query = ''] = hash.split('?');
  const parts = path.split('/').filter(Boolean);
  return { page: parts[0] ?? 'overview', id: parts[1] ?? null, rest: parts.slice(2), query: new URLSearchParams(query) };
}

export const href = (...parts) => `#/${parts.map((p) => encodeURIComponent(p)).join('/')}`;

export function navigate(...parts) {
  location.hash = href(...parts);
}

export function onRoute(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

window.addEventListener('hashchange', () => {
  for (const l of listeners) l(currentRoute());
});
