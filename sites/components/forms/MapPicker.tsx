/** @jsxImportSource preact */
/**
 * The optional map of the report form, with JavaScript only. It is mounted when the citizen
 * presses "mark the place on the map" (ReportForm), and only then loads Leaflet's code by dynamic
 * import, so neither the server render nor a page load runs it. The box has its height in the
 * stylesheet (.map), so nothing moves when Leaflet arrives. A click or tap drops a
 * draggable pin; the typed address is the accessible alternative (a map cannot be used with a
 * screen reader), so the map is never required.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type * as Leaflet from 'leaflet';
import { say } from '../../../core/i18n/form-messages.ts';
import type { FormMap } from './types.ts';
// Static, so Astro inlines it into the report page (the only page with a map). A dynamic
// import() of CSS would make Vite preload a stylesheet file that Astro has already inlined
// and removed, and the map would fail to load.
// Leaflet's own stylesheet, from the package; inlined only into the page with the map.
import 'leaflet/dist/leaflet.css';

type Strings = Record<string, string>;
export interface Pin {
  lat: string;
  lng: string;
}

/** Six decimals: about 10 cm, more than a tap can mean. */
const fix = (n: number) => n.toFixed(6);

export function MapPicker({ strings, map, pin, onPin, describedBy, focusOnReady }: {
  strings: Strings;
  map: FormMap;
  pin: Pin | null;
  onPin: (pin: Pin | null) => void;
  describedBy?: string | undefined;
  /** Opened by its button: focus goes to the map once drawn (the button is gone). */
  focusOnReady?: boolean | undefined;
}) {
  const el = useRef<HTMLDivElement | null>(null);
  const leaflet = useRef<{ L: typeof Leaflet; map: Leaflet.Map; marker: Leaflet.Marker | null } | null>(null);
  const onPinRef = useRef(onPin);
  onPinRef.current = onPin;
  const firstPin = useRef(pin);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const mod = await import('leaflet');
      const L = ((mod as unknown as { default?: typeof Leaflet }).default ?? mod) as typeof Leaflet;
      if (cancelled || !el.current) return;
      const bounds = L.latLngBounds(map.bounds);
      // A pin kept from an earlier attempt is where the map opens.
      const start = firstPin.current && L.latLng(Number(firstPin.current.lat), Number(firstPin.current.lng));
      const center = start && bounds.contains(start) ? start : L.latLng(map.center);
      const m = L.map(el.current, { center, zoom: map.zoom, maxBounds: bounds, maxBoundsViscosity: 1, zoomControl: false });
      m.setMinZoom(Math.min(map.zoom, m.getBoundsZoom(bounds)));
      L.control.zoom({ zoomInTitle: say(strings, 'form.map.zoomIn'), zoomOutTitle: say(strings, 'form.map.zoomOut') }).addTo(m);
      m.attributionControl.setPrefix(false);
      L.tileLayer(map.tileUrl, { attribution: map.attribution, maxZoom: 19 }).addTo(m);
      m.on('click', (e: Leaflet.LeafletMouseEvent) => {
        if (bounds.contains(e.latlng)) onPinRef.current({ lat: fix(e.latlng.lat), lng: fix(e.latlng.lng) });
      });
      leaflet.current = { L, map: m, marker: null };
      if (focusOnReady) el.current.focus({ preventScroll: true });
      setState('ready');
    })().catch(() => {
      if (!cancelled) setState('failed');
    });
    return () => {
      cancelled = true;
      leaflet.current?.map.remove();
      leaflet.current = null;
    };
    // The map's config never changes during a page's life.
  }, []);

  // Keep the marker where the hidden lat/lng say.
  useEffect(() => {
    const lf = leaflet.current;
    if (!lf) return;
    const lat = Number(pin?.lat);
    const lng = Number(pin?.lng);
    if (!pin || !Number.isFinite(lat) || !Number.isFinite(lng)) {
      lf.marker?.remove();
      lf.marker = null;
      return;
    }
    if (lf.marker) {
      lf.marker.setLatLng([lat, lng]);
      return;
    }
    const icon = lf.L.divIcon({ className: 'map-pin', html: '', iconSize: [28, 28], iconAnchor: [14, 34] });
    // keyboard: false — a pin cannot be moved with keys, so it is not offered as a control.
    const marker = lf.L.marker([lat, lng], { icon, draggable: true, keyboard: false, title: say(strings, 'form.map.marker'), autoPan: true });
    marker.on('dragend', () => {
      const p = marker.getLatLng();
      onPinRef.current({ lat: fix(p.lat), lng: fix(p.lng) });
    });
    marker.addTo(lf.map);
    lf.marker = marker;
  }, [pin, state, strings]);

  const status =
    state === 'loading' ? say(strings, 'form.map.loading')
    : state === 'failed' ? say(strings, 'form.map.failed')
    : pin ? say(strings, 'form.map.pinSet', { lat: pin.lat, lng: pin.lng })
    : say(strings, 'form.map.noPin');

  return (
    <div className="map-picker">
      <p className="form-hint" id="map-hint">{say(strings, 'form.map.hint')}</p>
      <div id="map" className="map" role="region" aria-label={say(strings, 'form.map.label')} aria-describedby={[ 'map-hint', describedBy ].filter(Boolean).join(' ')} ref={el} />
      <div className="map-picker__bar">
        <p className="map-picker__status" aria-live="polite">{status}</p>
        {pin && (
          <button type="button" className="button button--secondary button--small" onClick={() => onPin(null)}>
            {say(strings, 'form.map.remove')}
          </button>
        )}
      </div>
    </div>
  );
}
