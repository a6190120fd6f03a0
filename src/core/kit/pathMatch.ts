const trimSlashes = (p: string) => p.replace(/\/+$/, '') || '/';

/**
 * Whether a request target is `path`, or `path` and one more segment (a token in the path, as
 * `listen` accepts it). Trailing slashes and the query do not count.
 */
export function pathMatches(target: string, path: string): boolean {
  const q = target.search(/[?#]/);
  let pathname = q >= 0 ? target.slice(0, q) : target;
  // A full URL (some runtimes give one) is reduced to its path.
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(pathname);
  if (scheme) pathname = pathname.slice(scheme[0].length) || '/';
  const have = trimSlashes(pathname);
  const want = trimSlashes(path.startsWith('/') ? path : `/${path}`);
  if (have === want) return true;
  const base = want === '/' ? '' : want;
  const rest = have.startsWith(`${base}/`) ? have.slice(base.length + 1) : null;
  return rest !== null && rest !== '' && !rest.includes('/');
}
