import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Name of the cookie that carries the token after the first visit, so assets need no query. */
export const TOKEN_COOKIE = 'vslicer_token';

export const newToken = (): string => randomBytes(24).toString('base64url');

export const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function cookieToken(req: IncomingMessage): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return null;
}

export function queryToken(req: IncomingMessage): string | null {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  return url.searchParams.get('token');
}

/** The request proves it knows the token, by query or by the cookie set on the first visit. */
export function hasToken(req: IncomingMessage, token: string): boolean {
  const presented = queryToken(req) ?? cookieToken(req);
  return presented !== null && sameSecret(presented, token);
}

/**
 * Only pages served by this very server may talk to it: the Host header must name the loopback
 * address we bound (defeats DNS rebinding) and a present Origin must be that same origin.
 */
export function isLocalRequest(req: IncomingMessage, port: number): boolean {
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowed.includes(req.headers.host ?? '')) return false;
  const origin = req.headers.origin;
  return origin === undefined || allowed.some((h) => origin === `http://${h}`);
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
