// Every stylesheet in one file for the first paint (the map's and the chart's code load later).
import 'leaflet/dist/leaflet.css';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { render } from 'preact';
import { html } from 'htm/preact';
import { App } from './app.js';
import { configureSession } from './session.js';

async function start() {
  let config = { tileUrl: null, tileAttribution: '', tileCoords: 'wgs84', sessionMinutes: 720 };
  try {
    const res = await fetch('config.json', { cache: 'no-store' });
    if (res.ok) config = await res.json();
  } catch {
    // keep the defaults: the map draws outlines only
  }
  configureSession(config.sessionMinutes);
  const root = document.getElementById('app');
  root.textContent = '';
  render(html`<${App} config=${config} />`, root);
}

void start();
