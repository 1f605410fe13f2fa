/** Seals secrets for storage (the key stays outside the store); implemented in adapters. */
export interface SecretSealer {
  seal(plain: string): string;
  /** Throws when the sealed text was not made with this key or was altered. */
  open(sealed: string): string;
}
