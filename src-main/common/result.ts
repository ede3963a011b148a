/** Errors travel as data across every boundary: `{ ok: false, error }`, never a throw. */
export interface AppError {
  /** Stable machine-readable code, e.g. `invalid-request`, `host-unreachable`. */
  code: string;
  /** One sentence an operator can act on. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});
