// Every location as a marker coloured by availability, updated live; a click (or Enter) shows its
// EVSEs, connectors and tariff. Tiles from the configured URL; without them (offline machine, or
// none configured) the markers stand on the three cities' outlines.
import L from 'leaflet';
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import cityOutlines from '../../geo/cities.json';
import { api } from '../api.js';
import { operatorName } from '../directory.js';
import { t } from '../i18n.js';
import { onStatus } from '../live.js';
import { availabilityOf, price } from '../format.js';
import { ErrorBox, Loading, StatusBadge } from '../ui.js';

const TILE_GRACE_MS = 4000;

const statusesOf = (loc) => loc.evses.flatMap((e) => e.connectors.map((c) => c.status));

async function allLocations(coords, operatorId) {
  const items = [];
  let cursor = null;
  do {
    const q = new URLSearchParams({ limit: '500', coords });
    if (operatorId) q.set('operatorId', operatorId);
    if (cursor) q.set('cursor', cursor);
    const page = await api(`/v1/locations?${q}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

function markerIcon(availability) {
  return L.divIcon({ className: `marker m-${availability}`, html: '<span aria-hidden="true"></span>', iconSize: [20, 20], iconAnchor: [10, 10] });
}

function LocationPanel({ location, onClose }) {
  if (!location) return html`<aside class="panel" aria-label=${t('map.details')}><p class="empty">${t('map.pick')}</p></aside>`;
  const tariff = location.tariff;
  return html`<aside class="panel" aria-label=${t('map.details')} data-location=${location.id}>
    <button type="button" class="close" aria-label=${t('close')} onClick=${onClose}>×</button>
    <h2>${location.name}</h2>
    <p>${t(`city.${location.city}`) ?? location.city} · ${location.district ?? ''} · ${location.address}</p>
    <p>${operatorName(location.operatorId)} · ${t('map.available', { n: location.availableConnectors, total: location.totalConnectors })}</p>
    ${location.evses.map(
      (e) => html`<section class="evse" key=${e.id}>
        <h3>${e.stationId} · EVSE ${e.evseId} <${StatusBadge} status=${e.status} /></h3>
        <ul>${e.connectors.map((c) => html`<li data-connector=${`${e.id}.${c.connectorId}`}>#${c.connectorId} ${t(`standard.${c.standard}`)} · ${c.maxPowerKw ?? '—'} kW <${StatusBadge} status=${c.status} /></li>`)}</ul>
      </section>`,
    )}
    <h3>${t('map.tariff')}</h3>
    ${tariff
      ? html`<table class="mini"><thead><tr><th>${t('tariff.from')}</th><th>${t('tariff.to')}</th><th class="num">${t('tariff.perKwh')}</th></tr></thead>
          <tbody>${tariff.periods.map((p) => html`<tr><td>${p.startsAt}</td><td>${p.endsAt}</td><td class="num">${price(p.pricePerKwh)}</td></tr>`)}</tbody></table>`
      : html`<p class="empty">${t('map.noTariff')}</p>`}
  </aside>`;
}

export function MapPage({ config, me }) {
  const box = useRef(null);
  const map = useRef(null);
  const markers = useRef(new Map());
  const locations = useRef(new Map());
  const [selected, setSelected] = useState(null);
  const [count, setCount] = useState(null);
  const [error, setError] = useState(null);
  const [tiles, setTiles] = useState(config.tileUrl ? 'loading' : 'none');
  const selectedId = useRef(null);
  // Positions in GCJ-02 only when drawn on Chinese tiles; outlines and OSM-style tiles are WGS 84.
  const coords = config.tileUrl && config.tileCoords === 'gcj02' ? 'gcj02' : 'wgs84';

  const select = async (id) => {
    selectedId.current = id;
    try {
      setSelected(await api(`/v1/locations/${encodeURIComponent(id)}?coords=${coords}`));
    } catch (e) {
      setError(e);
    }
  };

  const paint = (loc) => {
    const m = markers.current.get(loc.id);
    if (!m) return;
    const a = availabilityOf(statusesOf(loc));
    m.setIcon(markerIcon(a));
    label(m, loc, a);
  };
  const label = (m, loc, a) => {
    const el = m.getElement();
    if (!el) return;
    el.setAttribute('role', 'button');
    el.setAttribute('aria-label', loc.name);
    el.setAttribute('data-location', loc.id);
    el.setAttribute('data-availability', a);
    el.setAttribute('aria-describedby', `avail-${a}`);
    // Leaflet 1.9 makes markers focusable but does not open them from the keyboard.
    if (!el.dataset.keys) {
      el.dataset.keys = '1';
      el.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          m.fire('click');
        }
      });
    }
  };

  useEffect(() => {
    const m = L.map(box.current, { zoomControl: true, attributionControl: true, keyboard: true, preferCanvas: false });
    map.current = m;
    m.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    const outlines = L.geoJSON(cityOutlines, { interactive: false, style: { color: '#3b5b7a', weight: 2, fillColor: '#9fb8cf', fillOpacity: 0.12 } }).addTo(m);
    for (const f of cityOutlines.features) {
      const center = L.geoJSON(f).getBounds().getCenter();
      L.tooltip({ permanent: true, direction: 'center', className: 'city-label', interactive: false }).setLatLng(center).setContent(f.properties.name).addTo(m);
    }
    m.fitBounds(outlines.getBounds(), { padding: [10, 10] });
    let timer;
    if (config.tileUrl) {
      let loaded = 0;
      let failed = 0;
      const layer = L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 18, subdomains: 'abc' });
      layer.on('tileload', () => {
        loaded++;
        setTiles('ok');
      });
      layer.on('tileerror', () => failed++);
      layer.addTo(m);
      // No tile at all after a grace period: an offline machine. Drop the layer, keep the outlines.
      timer = setTimeout(() => {
        if (loaded === 0) {
          m.removeLayer(layer);
          setTiles(failed > 0 ? 'offline' : 'offline');
        }
      }, TILE_GRACE_MS);
    }
    let cancelled = false;
    allLocations(coords, me.kind === 'operator' ? me.operatorId : undefined).then(
      (items) => {
        if (cancelled) return;
        const bounds = [];
        for (const loc of items) {
          locations.current.set(loc.id, loc);
          const a = availabilityOf(statusesOf(loc));
          const marker = L.marker([loc.lat, loc.lng], { icon: markerIcon(a), keyboard: true, title: loc.name, alt: loc.name, riseOnHover: true });
          marker.on('click', () => void select(loc.id));
          marker.on('add', () => label(marker, loc, a));
          marker.addTo(m);
          label(marker, loc, a);
          markers.current.set(loc.id, marker);
          bounds.push([loc.lat, loc.lng]);
        }
        if (bounds.length) m.fitBounds(bounds, { padding: [40, 40], maxZoom: 12 });
        setCount(items.length);
      },
      (e) => setError(e),
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
      m.remove();
      markers.current.clear();
    };
  }, []);

  // Live: the connector's new status recolours its location at once; an open panel is read again.
  useEffect(
    () =>
      onStatus((e) => {
        const loc = e.locationId && locations.current.get(e.locationId);
        if (!loc) return;
        for (const evse of loc.evses) {
          if (evse.stationId !== e.stationId || evse.evseId !== e.evseNo) continue;
          for (const c of evse.connectors) if (c.connectorId === e.connectorNo) c.status = e.status;
        }
        paint(loc);
        if (selectedId.current === loc.id) void select(loc.id);
      }),
    [],
  );

  // Leaflet owns the classes of the .map element: nothing here may re-render them.
  return html`
    <h1>${t('nav.map')}</h1>
    <${ErrorBox} error=${error} />
    ${count === null && !error ? html`<${Loading} />` : html`<p class="asof">${t('map.count', { n: count ?? 0 })}</p>`}
    ${tiles === 'offline' || tiles === 'none' ? html`<p class="notice" role="status" data-tiles=${tiles}>${t(tiles === 'none' ? 'map.noTiles' : 'map.offline')}</p>` : ''}
    <div class=${`map-layout ${tiles === 'ok' || tiles === 'loading' ? '' : 'blank'}`}>
      <div class="map" ref=${box} role="region" aria-label=${t('map.label')}></div>
      <${LocationPanel} location=${selected} onClose=${() => {
        selectedId.current = null;
        setSelected(null);
      }} />
    </div>
    <ul class="legend map-legend">${['available', 'busy', 'faulted', 'offline', 'unknown'].map(
      (a) => html`<li id=${`avail-${a}`}><span class=${`marker-dot m-${a}`}></span>${t(`avail.${a}`)}</li>`,
    )}</ul>`;
}
