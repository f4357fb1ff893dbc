//! Checks a location form before it is sent (the API checks again).

import type { TransportName, TlsTrustName } from '../../lib/api/generated';
import type { Key } from '../../lib/i18n/en';

export interface LocationDraft {
  name: string;
  host: string;
  port: string;
  transport: TransportName;
  username: string;
  password: string;
  hotspotServer: string;
  timeZone: string;
  tlsTrust: TlsTrustName;
  tlsFingerprint: string;
}

export function validateLocation(d: LocationDraft, creating: boolean): Partial<Record<keyof LocationDraft, Key>> {
  const out: Partial<Record<keyof LocationDraft, Key>> = {};
  if (!d.name.trim()) out.name = 'form.required';
  if (!d.host.trim()) out.host = 'form.required';
  else if (/\s/.test(d.host.trim())) out.host = 'form.invalidHost';
  const port = Number(d.port);
  if (!/^\d+$/.test(d.port.trim()) || port < 1 || port > 65535) out.port = 'form.invalidPort';
  if (!d.username.trim()) out.username = 'form.required';
  if (creating && !d.password) out.password = 'form.required';
  if (d.transport === 'API_TLS' && d.tlsTrust === 'PINNED') {
    const hex = d.tlsFingerprint.replace(/:/g, '').trim();
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) out.tlsFingerprint = 'form.invalidFingerprint';
  }
  return out;
}
