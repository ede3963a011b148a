import { ApiError } from '@common/api-client';

/**
 * An error as one sentence for the operator. While the core lags behind the contract (a method it
 * does not implement yet), say so plainly instead of showing a stack-trace word.
 */
export function errorText(error: unknown): string {
  if (error instanceof ApiError && error.code === 'unknown-method') {
    return `This version of the vSlicer Console core cannot do that yet (${error.message}).`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
