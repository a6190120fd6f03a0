/**
 * A top-level error as a terminal shows it: wrapped to its width with continued lines indented
 * (a long path or the cloudflared install hint was one line of 150-220 columns). Width 0, for a
 * pipe or a log file, keeps it one line, to grep. The wrapping, and string-width under it, load
 * only when needed: start-up is counted in milliseconds.
 */
export async function errorText(text: string, width: number): Promise<string> {
  if (width <= 0) return text;
  const { wrap } = await import('../render/width.js');
  return text
    .split('\n')
    .flatMap((line) => wrap(line, width, '', '  '))
    .join('\n');
}
