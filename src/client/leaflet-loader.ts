/** Loads Leaflet (a separate chunk) and its stylesheet (a file: CSP forbids inline styles) on demand. */
export type Leaflet = typeof import('leaflet');

let loading: Promise<Leaflet> | null = null;

export function loadLeaflet(): Promise<Leaflet> {
  if (!loading) {
    if (!document.querySelector('link[data-leaflet]')) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = '/static/js/leaflet.css';
      link.dataset.leaflet = '1';
      document.head.appendChild(link);
    }
    loading = import('leaflet').then((m) => ((m as { default?: Leaflet }).default ?? m) as Leaflet);
  }
  return loading;
}

/** A map in `el` with the configured tiles and their credit. */
export function baseMap(L: Leaflet, el: HTMLElement, tiles: string, attribution: string) {
  const map = L.map(el, { center: [41.2, 74.7], zoom: 6 });
  L.tileLayer(tiles, { maxZoom: 18, attribution: escapeText(attribution) }).addTo(map);
  // Credit Leaflet as plain text: its default prefix is a colour-only link (an accessibility finding).
  map.attributionControl.setPrefix('Leaflet');
  return map;
}

/** Leaflet inserts attribution as HTML: give it text only. */
function escapeText(s: string): string {
  const d = document.createElement('div');
  d.textContent = s;
  return d.innerHTML;
}
