/**
 * What the example receivers do with an event: post a message to a chat or CRM webhook
 * (NOTIFY_URL), or print it when there is none. A downstream failure throws, so the receiver
 * answers 500 and Coperniq sends the event again.
 */
export async function notify(channel: string, text: string): Promise<void> {
  const url = process.env.NOTIFY_URL;
  if (!url) return void console.log(`[${channel}] ${text}`);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel, text }) });
  if (!res.ok) throw new Error(`notify: ${url} answered ${res.status}`);
}
