import { chartFontFamily, wrapText } from './measure-text.js';

/** What an exported image carries besides the chart: its title, the caption naming run, suite and judges, and footnotes. */
export interface ChartText {
  title: string;
  caption: string;
  /** The file name without extension, such as `complicity-RUN-leaderboard`. */
  fileName: string;
  /** The footnotes of the marks the chart shows, such as `†` and `*`, drawn under the caption. */
  footnotes?: string[];
}

const svgNamespace = 'http://www.w3.org/2000/svg';

/** Computed style properties copied onto every element, so the exported SVG needs no style sheet. Each is an SVG presentation attribute too. */
const inlinedProperties = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
  'visibility',
];

const padding = 16;
const titleSize = 15;
const captionSize = 12;
const lineHeight = 1.4;

/**
 * Builds a standalone copy of a chart: every computed style of the light theme written inline,
 * a white background, the title above and the caption below, so the file reads the same
 * wherever it is opened and whatever the page's theme. Returns the SVG text and its size in CSS pixels.
 */
export function standaloneSvg(svg: SVGSVGElement, text: ChartText): { markup: string; width: number; height: number } {
  const chartWidth = svg.width.baseVal.value || svg.getBoundingClientRect().width;
  const chartHeight = svg.height.baseVal.value || svg.getBoundingClientRect().height;
  const width = Math.ceil(chartWidth + 2 * padding);
  const titleLines = wrapText(text.title, chartWidth, { size: titleSize, weight: 700 });
  const captionLines = [text.caption, ...(text.footnotes ?? [])].flatMap((paragraph) =>
    wrapText(paragraph, chartWidth, { size: captionSize }),
  );
  const titleHeight = titleLines.length * titleSize * lineHeight;
  const captionHeight = captionLines.length * captionSize * lineHeight;
  const chartTop = padding + titleHeight + 8;
  const captionTop = chartTop + chartHeight + 12;
  const height = Math.ceil(captionTop + captionHeight + padding);

  // The styles come from a copy in the light theme, so a file for a paper is light even when the page is dark.
  const host = document.createElement('div');
  host.className = 'export-light';
  host.setAttribute('aria-hidden', 'true');
  const lightSvg = svg.cloneNode(true) as SVGSVGElement;
  host.append(lightSvg);
  document.body.append(host);
  const copy = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(lightSvg, copy);
  const style = getComputedStyle(host);
  const colours = { background: style.backgroundColor, text: style.color };
  host.remove();
  const chart = document.createElementNS(svgNamespace, 'g');
  chart.setAttribute('transform', `translate(${padding} ${chartTop})`);
  chart.append(...copy.childNodes);

  const root = document.createElementNS(svgNamespace, 'svg');
  root.setAttribute('xmlns', svgNamespace);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const background = document.createElementNS(svgNamespace, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', colours.background);
  root.append(background);
  root.append(textBlock({ lines: titleLines, top: padding, size: titleSize, weight: 700, colour: colours.text }));
  root.append(chart);
  root.append(textBlock({ lines: captionLines, top: captionTop, size: captionSize, weight: 400, colour: colours.text }));
  return { markup: new XMLSerializer().serializeToString(root), width, height };
}

/** Downloads a chart as a standalone SVG file. */
export function downloadSvg(svg: SVGSVGElement, text: ChartText): void {
  const { markup } = standaloneSvg(svg, text);
  downloadBlob(new Blob([markup], { type: 'image/svg+xml' }), `${text.fileName}.svg`);
}

/** Downloads a chart as a PNG at twice its size on screen, drawn from the standalone SVG. */
export async function downloadPng(svg: SVGSVGElement, text: ChartText): Promise<void> {
  const { markup, width, height } = standaloneSvg(svg, text);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
  await image.decode();
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = height * scale;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser gave no 2D canvas context, so the PNG cannot be drawn. Download the SVG instead.');
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The canvas produced no PNG. Download the SVG instead.');
  downloadBlob(blob, `${text.fileName}.png`);
}

/**
 * Writes the computed styles as SVG presentation attributes rather than a `style` attribute,
 * because the page's Content-Security-Policy blocks style attributes and logs each one.
 */
function inlineStyles(source: Element, target: Element): void {
  const computed = getComputedStyle(source);
  for (const property of inlinedProperties) {
    const value = computed.getPropertyValue(property);
    if (value !== '' && value !== 'normal' && value !== 'auto') target.setAttribute(property, value);
  }
  target.removeAttribute('class');
  for (let index = 0; index < source.children.length; index++) {
    inlineStyles(source.children[index]!, target.children[index]!);
  }
}

function textBlock({ lines, top, size, weight, colour }: { lines: string[]; top: number; size: number; weight: number; colour: string }) {
  const block = document.createElementNS(svgNamespace, 'text');
  block.setAttribute('font-family', chartFontFamily);
  block.setAttribute('font-size', `${size}px`);
  block.setAttribute('font-weight', String(weight));
  block.setAttribute('fill', colour);
  lines.forEach((line, index) => {
    const span = document.createElementNS(svgNamespace, 'tspan');
    span.setAttribute('x', String(padding));
    span.setAttribute('y', String(top + size + index * size * lineHeight));
    span.textContent = line;
    block.append(span);
  });
  return block;
}

function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking the URL in the same task can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
