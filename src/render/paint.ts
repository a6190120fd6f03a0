/** The one colour type of every renderer: the few styles they use. A chalk instance is one. */
export interface Paint {
  green: Style;
  red: Style;
  yellow: Style;
  magenta: Style;
  bold: Style;
  dim: Style;
}
type Style = (text: string) => string;

const same: Style = (t) => t;
export const PLAIN: Paint = { green: same, red: same, yellow: same, magenta: same, bold: same, dim: same };

/**
 * Colour as the CLI decided it (io/terminal), never by chalk's own sniffing. chalk is loaded only
 * when there is colour to paint: it is ~20 ms of start-up, a tenth of a small diff.
 */
export async function loadPaint(colour: boolean): Promise<Paint> {
  if (!colour) return PLAIN;
  const { Chalk } = await import('chalk');
  return new Chalk({ level: 1 });
}
