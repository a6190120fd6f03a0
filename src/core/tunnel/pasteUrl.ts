import { UsageError } from '../errors.js';

/**
 * `--public-url`: the address of a tunnel or proxy the user runs, which Coperniq will call. Its
 * path is kept (a proxy may route on it); the token is ours to add, so one already in it is an
 * error rather than a guess about which one wins.
 */
export function parsePublicUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--public-url is not a URL: "${text.replace(/token=[^&#]*/g, 'token=***')}" (e.g. https://hooks.example.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--public-url must be an http:// or https:// URL, got ${url.protocol}`);
  }
  if (url.searchParams.has('token')) throw new UsageError('--public-url must not carry a token: give it with --token (or leave it out and one is generated)');
  if (url.hash) throw new UsageError('--public-url cannot have a #fragment: it is never sent to the server');
  return url;
}

/** The URL to paste into Coperniq's "Call webhook": the public address with `?token=`. */
export function pasteUrl(publicUrl: string, token: string): string {
  const url = new URL(publicUrl);
  url.searchParams.set('token', token);
  return url.href;
}
