//! Checks the batch form before it is sent (the API checks again).

import type { CharsetName, PasswordModeName } from '../../lib/api/generated';
import type { Key } from '../../lib/i18n/en';
import { parseRupiah } from '../../lib/format';

export interface BatchDraft {
  profile: string;
  count: string;
  prefix: string;
  codeLength: string;
  charset: CharsetName;
  passwordMode: PasswordModeName;
  priceOverride: string;
}

export function validateBatch(d: BatchDraft): Partial<Record<keyof BatchDraft, Key>> {
  const out: Partial<Record<keyof BatchDraft, Key>> = {};
  if (!d.profile) out.profile = 'form.required';
  const count = Number(d.count);
  if (!/^\d+$/.test(d.count.trim()) || count < 1 || count > 10000) out.count = 'form.invalidCount';
  const len = Number(d.codeLength);
  if (!/^\d+$/.test(d.codeLength.trim()) || len < 4 || len > 16) out.codeLength = 'form.invalidLength';
  if (!/^[A-Za-z0-9_-]{0,16}$/.test(d.prefix.trim())) out.prefix = 'form.invalidPrefix';
  if (d.priceOverride.trim() && !parseRupiah(d.priceOverride)) out.priceOverride = 'form.invalidMoney';
  return out;
}
