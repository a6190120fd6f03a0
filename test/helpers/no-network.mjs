// Preloaded into a spawned bin (NODE_OPTIONS=--import=...) to prove a code path never touches the
// network: any DNS lookup or socket connect is announced on stderr and refused.
import dns from 'node:dns';
import net from 'node:net';

const refuse = (what) => {
  process.stderr.write(`NETWORK-USED: ${what}\n`);
  throw new Error(`network use refused by test: ${what}`);
};
const lookup = dns.lookup;
dns.lookup = (host, ...rest) => (refuse(`dns.lookup ${host}`), lookup(host, ...rest));
dns.promises.lookup = (host) => refuse(`dns.promises.lookup ${host}`);
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  refuse(`connect ${JSON.stringify(args[0]?.host ?? args[0])}`);
  return connect.apply(this, args);
};
