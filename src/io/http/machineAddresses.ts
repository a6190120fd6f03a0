import os from 'node:os';

/** This machine's IPv4 addresses other than loopback: where other machines reach a listener bound to all interfaces. */
export function machineAddresses(max = 3): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
    .map((a) => (a as os.NetworkInterfaceInfo).address)
    .slice(0, max);
}
