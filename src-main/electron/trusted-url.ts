import { pathToFileURL } from 'node:url';

/**
 * Whether a URL is our own renderer: the dev server's exact origin in development (a prefix
 * match would let `http://localhost:5173.evil.example` through), the built index.html otherwise.
 */
export function trustedUrlCheck(
  devUrl: string | undefined,
  rendererIndex: string,
): (url: string) => boolean {
  if (devUrl) {
    const origin = new URL(devUrl).origin;
    return (url) => {
      try {
        return new URL(url).origin === origin;
      } catch {
        return false;
      }
    };
  }
  const index = pathToFileURL(rendererIndex).href;
  return (url) => url.split(/[?#]/)[0] === index;
}
