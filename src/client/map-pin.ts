/**
 * Island `map-pin` on the report form: a "pick on map" button that loads Leaflet only when pressed and
 * fills the hidden `lat` / `lon` fields. Without JavaScript the district select is enough.
 */
import { baseMap, loadLeaflet } from './leaflet-loader.ts';

for (const island of Array.from(document.querySelectorAll<HTMLElement>('[data-island="map-pin"]'))) {
  const open = island.querySelector<HTMLButtonElement>('[data-open]');
  const picked = island.querySelector<HTMLElement>('[data-picked]');
  const help = island.querySelector<HTMLElement>('[data-help]');
  const lat = document.querySelector<HTMLInputElement>('#lat');
  const lon = document.querySelector<HTMLInputElement>('#lon');
  if (!open || !lat || !lon) continue;
  open.hidden = false;
  if (lat.value && lon.value && picked) picked.hidden = false;
  open.addEventListener('click', async () => {
    open.disabled = true;
    const L = await loadLeaflet();
    const el = document.createElement('div');
    el.className = 'pin-map';
    island.appendChild(el);
    if (help) help.hidden = false;
    open.hidden = true;
    const map = baseMap(L, el, island.dataset.tiles ?? '', island.dataset.attribution ?? '');
    let marker: ReturnType<typeof L.circleMarker> | null = null;
    const place = (at: { lat: number; lng: number }) => {
      marker?.remove();
      marker = L.circleMarker(at, { radius: 9 }).addTo(map);
      lat.value = at.lat.toFixed(6);
      lon.value = at.lng.toFixed(6);
      if (picked) picked.hidden = false;
    };
    if (lat.value && lon.value) {
      const at = { lat: Number(lat.value), lng: Number(lon.value) };
      place(at);
      map.setView(at, 15);
    }
    map.on('click', (e: { latlng: { lat: number; lng: number } }) => place(e.latlng));
  });
}
