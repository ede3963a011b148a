import { Refusal } from '../common/refusal';
import { z } from 'zod';
import { isApiMethod, requests, type ApiHandlers } from '../common/api';
import { fail, ok, type Result } from '../common/result';

/**
 * Every request from any transport passes here: the method must exist in the contract and the
 * payload must match its schema before a handler sees it. Failures come back as data, never as a
 * throw across the boundary.
 */
export async function dispatch(
  handlers: ApiHandlers,
  method: unknown,
  payload: unknown,
): Promise<Result<unknown>> {
  if (!isApiMethod(method)) {
    return fail('unknown-method', `No such API method: ${String(method).slice(0, 64)}`);
  }
  const parsed = requests[method].req.safeParse(payload ?? {});
  if (!parsed.success) {
    return fail('invalid-request', `${method}: ${z.prettifyError(parsed.error)}`);
  }
  try {
    // The handler table is keyed by the same names as the schemas, so the cast only re-joins them.
    const handler = handlers[method] as (req: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data));
  } catch (error) {
    const code = error instanceof Refusal ? error.code : 'internal';
    return fail(code, error instanceof Error ? error.message : String(error));
  }
}

/** An expected failure a handler reports to the operator, e.g. an unknown host. */
export class CoreError extends Refusal {
  override name = 'CoreError';
}
