// Preloaded into a spawned bin (NODE_OPTIONS=--import=...): the fake tunnels' public names,
// t<port>-<words>.trycloudflare.com and .ngrok-free.app, are connected to 127.0.0.1:<port>
// instead of DNS and port 443, so listen's end-to-end check goes through the fake tunnel and
// never leaves the machine. TLS still checks the name (against NODE_EXTRA_CA_CERTS).
import dns from 'node:dns';
import net from 'node:net';

const FAKE = /^t(\d+)-[a-z-]+\.(trycloudflare\.com|ngrok-free\.app)$/;

const lookup = dns.lookup;
dns.lookup = (host, ...rest) => lookup(FAKE.test(host) ? '127.0.0.1' : host, ...rest);
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const opts = args[0];
  const m = opts && typeof opts === 'object' && typeof opts.host === 'string' ? FAKE.exec(opts.host) : null;
  if (m) args[0] = { ...opts, host: '127.0.0.1', port: Number(m[1]) };
  return connect.apply(this, args);
};
