/** The font family of every chart, in CSS and in text measurements. */
export const chartFontFamily = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

let context: CanvasRenderingContext2D | null | undefined;

/**
 * Measures the width of a line of chart text in pixels, so that layouts leave room for labels
 * instead of cutting them. Falls back to an estimate of 0.6 em per character without a canvas.
 */
export function measureText(text: string, { size = 12, weight = 400 }: { size?: number; weight?: number } = {}): number {
  if (context === undefined) context = document.createElement('canvas').getContext('2d');
  if (!context) return text.length * size * 0.6;
  context.font = `${weight} ${size}px ${chartFontFamily}`;
  return context.measureText(text).width;
}

/** Breaks text into lines no wider than `width` pixels, at spaces; a single longer word gets a line of its own. */
export function wrapText(text: string, width: number, options: { size?: number; weight?: number } = {}): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && measureText(candidate, options) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Breaks a label without spaces, such as `openrouter:meta-llama/llama-3.3-70b-instruct`, into
 * lines no wider than `width` pixels, after a `/`, `:` or `-` where possible.
 */
export function breakLabel(text: string, width: number, options: { size?: number; weight?: number } = {}): string[] {
  if (measureText(text, options) <= width) return [text];
  const parts = text.split(/(?<=[/:\s-])/);
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    if (line !== '' && measureText(line + part, options) > width) {
      lines.push(line);
      line = part;
    } else {
      line += part;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
