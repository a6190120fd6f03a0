/**
 * This machine by address, or by the one name that never goes to DNS. `*.localhost` is not on
 * the list: RFC 6761 asks resolvers to keep it local, but many (glibc without systemd-resolved,
 * corporate DNS) send it out, so `evil.localhost` may well be somewhere else. Nor is `localhost.`:
 * the trailing dot makes it a DNS name, which glibc asks the resolver about.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::1' || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}
