/**
 * Public coordinates: a report's exact point is for staff; the public sees the centre of the grid cell
 * it falls in. Cells are GRID_DEG of latitude high (≈ 278 m) and as wide in metres (the longitude step
 * grows with 1/cos(lat)), so anything inside one cell shows at the same point.
 */
export const GRID_DEG = 0.0025;
const METRES_PER_DEG_LAT = 111_320;
/** Edge of a cell in metres (at any latitude). */
export const GRID_METRES = GRID_DEG * METRES_PER_DEG_LAT;

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

export function lonStep(lat: number): number {
  const c = Math.cos((Math.min(Math.abs(lat), 85) * Math.PI) / 180);
  return GRID_DEG / c;
}

export function coarsen(lat: number, lon: number): { lat: number; lon: number } {
  const rowLat = Math.floor(lat / GRID_DEG) * GRID_DEG + GRID_DEG / 2;
  // The longitude step is taken at the row's centre, so every point of the row shares one grid.
  const step = lonStep(rowLat);
  const cellLon = Math.floor(lon / step) * step + step / 2;
  return { lat: round6(rowLat), lon: round6(Math.max(-180, Math.min(180, cellLon))) };
}

/** A box of about `km` around a point (for "is this the same?" suggestions). */
export function boxAround(lat: number, lon: number, km: number) {
  const dLat = km / 111.32;
  const dLon = km / (111.32 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return { minLat: lat - dLat, maxLat: lat + dLat, minLon: lon - dLon, maxLon: lon + dLon };
}
