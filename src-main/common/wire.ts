import { z } from 'zod';

/**
 * WebSocket framing of the API (web mode). One JSON message per frame:
 * client → server `call`; server → client `result` (answering a call by id) or `event`.
 */
export const WireCallSchema = z.object({
  kind: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  payload: z.unknown(),
});
export type WireCall = z.infer<typeof WireCallSchema>;

export const WireServerMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('result'),
    id: z.number().int(),
    result: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({
        ok: z.literal(false),
        error: z.object({ code: z.string(), message: z.string() }),
      }),
    ]),
  }),
  z.object({ kind: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type WireServerMessage = z.infer<typeof WireServerMessageSchema>;

/** Largest message the client accepts; a history answer for one host fits well within it. */
export const WIRE_MAX_BYTES = 16 * 1024 * 1024;

/** Largest call the core accepts: a call carries a host's settings at most, never data. */
export const WIRE_CALL_MAX_BYTES = 256 * 1024;

/** Deepest nesting of arrays and objects in a call (the contract's deepest is 4 levels). */
export const WIRE_CALL_MAX_DEPTH = 32;

/**
 * The nesting depth of a JSON text, found in one pass without parsing it, stopping as soon as it
 * exceeds `limit`: a message nested millions deep must be refused before JSON.parse spends seconds
 * on it (blocking every host's stream meanwhile).
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123 /* [ { */) {
      if (++depth > limit) return true;
    } else if (c === 93 || c === 125 /* ] } */) depth--;
  }
  return false;
}
