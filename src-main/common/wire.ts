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

/** Largest message either side accepts; a history answer for one host fits well within it. */
export const WIRE_MAX_BYTES = 16 * 1024 * 1024;
