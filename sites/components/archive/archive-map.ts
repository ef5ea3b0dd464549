/**
 * The archive map: reports with a place, from the site's static GeoJSON, drawn with Leaflet on
 * a canvas (thousands of points stay fast). The list beside the map is the accessible way to the
 * same reports; the map only adds a picture of where they are.
 */
import 'leaflet/dist/leaflet.css';

interface MapConfig {
  center: [number, number];
  zoom: number;
  bounds: [[number, number], [number, number]];
  tileUrl: string;
  attribution: string;
  data: string;
  caseHref: string;
  labels: { category: Record<string, string>; status: Record<string, string>; state: Record<string, string>; failed: string };
}

interface Props { code: string; category?: string; status: string; state: string; createdAt: string }

const colours: Record<string, string> = { met: '#1b7a3a', missed: '#a15c00', open: '#1d4e89', overdue: '#b3261e' };

async function draw(el: HTMLElement) {
  const cfg = JSON.parse(el.dataset.config!) as MapConfig;
  const L = (await import('leaflet')).default;
  const bounds = L.latLngBounds(cfg.bounds);
  const map = L.map(el, { center: cfg.center, zoom: cfg.zoom, maxBounds: bounds.pad(0.5), preferCanvas: true });
  L.tileLayer(cfg.tileUrl, { attribution: cfg.attribution, maxZoom: 19 }).addTo(map);
  const res = await fetch(cfg.data);
  if (!res.ok) throw new Error(`${cfg.data}: ${res.status}`);
  const geo = (await res.json()) as { features: { geometry: { coordinates: [number, number] }; properties: Props }[] };
  for (const f of geo.features) {
    const p = f.properties;
    const [lng, lat] = f.geometry.coordinates;
    const marker = L.circleMarker([lat, lng], { radius: 6, color: '#fff', weight: 1, fillColor: colours[p.state] ?? '#555', fillOpacity: 0.9 });
    // Built with DOM nodes, not an HTML string: nothing from the data is parsed as markup.
    const box = document.createElement('div');
    const a = document.createElement('a');
    a.href = cfg.caseHref.replace('CODE', encodeURIComponent(p.code));
    a.textContent = `${cfg.labels.category[p.category ?? ''] ?? ''} ${p.code}`.trim();
    const line = document.createElement('p');
    line.textContent = `${cfg.labels.status[p.status] ?? p.status} · ${cfg.labels.state[p.state] ?? p.state}`;
    box.append(a, line);
    marker.bindPopup(box).addTo(map);
  }
}

/** When the map cannot be drawn, its box (same height: nothing moves) says so and points to the list. */
function failed(el: HTMLElement) {
  const note = document.createElement('p');
  note.className = 'map__note';
  note.textContent = (JSON.parse(el.dataset.config!) as MapConfig).labels.failed;
  el.replaceChildren(note);
  el.className = 'map map--archive';
}

// The box is in the page at its full height from the start: drawing into it shifts nothing.
for (const el of document.querySelectorAll<HTMLElement>('[data-archive-map]')) {
  draw(el).catch(() => failed(el));
}
