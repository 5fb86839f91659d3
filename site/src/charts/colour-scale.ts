/**
 * Samples of the viridis colour map (van der Walt and Smith, matplotlib), a sequential scale
 * that colour-blind readers and greyscale prints can still order.
 */
const viridis = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];

/** The viridis colour of a share from 0 to 1, interpolated between its samples. */
export function viridisColour(share: number): string {
  const position = Math.min(1, Math.max(0, share)) * (viridis.length - 1);
  const index = Math.min(viridis.length - 2, Math.floor(position));
  const [from, to] = [parseHex(viridis[index]!), parseHex(viridis[index + 1]!)];
  const mix = position - index;
  return toHex(from.map((channel, i) => channel + (to[i]! - channel) * mix));
}

/**
 * Picks black or white text for a background, whichever contrasts more. On any colour the
 * better of the two reaches at least 4.58:1, above the 4.5:1 that WCAG asks for small text.
 */
export function textColourOn(background: string): string {
  const luminance = relativeLuminance(parseHex(background));
  const onBlack = (luminance + 0.05) / 0.05;
  const onWhite = 1.05 / (luminance + 0.05);
  return onBlack >= onWhite ? '#000000' : '#ffffff';
}

/** The ordered steps of a small sequential scale, such as the levels of refusal onset, from dark to light. */
export function sequentialSteps(count: number): string[] {
  if (count === 1) return [viridisColour(0.25)];
  return Array.from({ length: count }, (_, index) => viridisColour(0.1 + (0.8 * index) / (count - 1)));
}

function parseHex(colour: string): number[] {
  return [1, 3, 5].map((start) => parseInt(colour.slice(start, start + 2), 16));
}

function toHex(channels: number[]): string {
  return `#${channels.map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;
}

function relativeLuminance(channels: number[]): number {
  const [red, green, blue] = channels.map((channel) => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}
