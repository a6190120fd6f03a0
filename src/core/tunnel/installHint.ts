/** How to get cloudflared, in one line, for this platform (Cloudflare's downloads page lists them all). */
export function cloudflaredInstallHint(platform: string): string {
  if (platform === 'darwin') return 'brew install cloudflared';
  if (platform === 'win32') return 'winget install --id Cloudflare.cloudflared';
  return 'your distribution\'s cloudflared package, or https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/';
}

/** How to get the ngrok agent, in one line, for this platform. */
export function ngrokInstallHint(platform: string): string {
  if (platform === 'darwin') return 'brew install ngrok';
  if (platform === 'win32') return 'winget install ngrok';
  return 'https://ngrok.com/download';
}
