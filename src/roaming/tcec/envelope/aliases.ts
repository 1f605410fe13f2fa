/**
 * Field alias maps: partners spell some T/CEC fields differently (`SevicePrice` in the standard's
 * text, `ServicePrice` in DiDi's profile; `ElecMoney`/`ElectMoney`; `QRCode`/`QrCode`). Our code
 * speaks one canonical spelling; a partner's map `{ canonical: theirs }` renames on the way out
 * and back on the way in, at every depth of the decrypted JSON. The canonical spelling is the
 * standard's own text (T/CEC 102.3-2016), typos included: `SevicePrice`, `ElecMoney`, `QRCode`.
 */
export type AliasMap = Readonly<Record<string, string>>;

/** Canonical → partner spelling, for what we send. */
export function toPartnerFields(value: unknown, aliases: AliasMap): unknown {
  return renameKeys(value, aliases);
}

/** Partner → canonical spelling, for what we receive. */
export function fromPartnerFields(value: unknown, aliases: AliasMap): unknown {
  return renameKeys(value, invert(aliases));
}

function invert(aliases: AliasMap): Record<string, string> {
  const back: Record<string, string> = {};
  for (const [canonical, theirs] of Object.entries(aliases)) back[theirs] = canonical;
  return back;
}

function renameKeys(value: unknown, names: Readonly<Record<string, string>>): unknown {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, names));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    // Object.hasOwn: a field named like an Object.prototype member is not an alias.
    const renamed = Object.hasOwn(names, key) ? (names[key] as string) : key;
    out[renamed] = renameKeys(inner, names);
  }
  return out;
}
