/**
 * Island `reports-map` on the public list: the same public reports as the list, at their coarse
 * points, from the public JSON route. Loaded only on that page and only with JavaScript.
 */
import { baseMap, loadLeaflet } from './leaflet-loader.ts';

interface Point {
  reference: string;
  status_label: string;
  lat: number;
  lon: number;
}

for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-island="reports-map"]'))) {
  void (async () => {
    const [L, res] = await Promise.all([loadLeaflet(), fetch(el.dataset.api ?? '', { credentials: 'omit' })]);
    if (!res.ok) return;
    const { items } = (await res.json()) as { items: Point[] };
    el.hidden = false;
    const map = baseMap(L, el, el.dataset.tiles ?? '', el.dataset.attribution ?? '');
    const markers = items.map((p) => {
      const label = document.createElement('span');
      label.textContent = `${p.reference}: ${p.status_label}`;
      return L.circleMarker([p.lat, p.lon], { radius: 7 }).bindPopup(label);
    });
    if (markers.length) {
      const group = L.featureGroup(markers).addTo(map);
      map.fitBounds(group.getBounds(), { maxZoom: 14, padding: [20, 20] });
    }
    el.dataset.ready = String(markers.length);
  })();
}
