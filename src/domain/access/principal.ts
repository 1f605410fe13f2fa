import type { OperatorRole } from '../catalog/index.js';

/** Who is calling the API. */
export type Principal =
  | { readonly kind: 'admin' }
  | { readonly kind: 'operator'; readonly keyId: string; readonly operatorId: string; readonly roles: readonly OperatorRole[] };

export const isAdmin = (p: Principal): p is { kind: 'admin' } => p.kind === 'admin';

/** The operator whose private data the caller may see; undefined = everything (admin). */
export const visibleOperator = (p: Principal): string | undefined => (p.kind === 'admin' ? undefined : p.operatorId);
