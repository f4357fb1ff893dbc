//! The locations every per-location page picks from, loaded once per session, and the
//! one picked last (kept across reloads).

import { gql } from './api/client';
import { LocationsDocument, type LocationsQuery } from './api/generated';
import { DEFAULT_ZONE } from './format';

export type LocationRow = LocationsQuery['locations'][number];

const KEY = 'tagih.location';

export const places = $state<{ list: LocationRow[]; loaded: boolean; current: string | null }>({
  list: [],
  loaded: false,
  current: typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY),
});

export async function loadLocations(force = false): Promise<LocationRow[]> {
  if (places.loaded && !force) return places.list;
  const data = await gql(LocationsDocument);
  places.list = data.locations;
  places.loaded = true;
  if (!places.list.some((l) => l.id === places.current)) pick(places.list[0]?.id ?? null);
  return places.list;
}

export function pick(id: string | null): void {
  places.current = id;
  if (id) localStorage.setItem(KEY, id);
  else localStorage.removeItem(KEY);
}

/** The time zone of a location (WIB when unknown). */
export function zoneOf(locationId: string | null | undefined): string {
  return places.list.find((l) => l.id === locationId)?.timeZone ?? DEFAULT_ZONE;
}
