/**
 * The part of the browser's `window` that the functions the browser tests run inside a page
 * use. Node code is type-checked without the DOM library, whose globals would then be allowed
 * everywhere, so these types stand in for it. Cast `globalThis` inside the page function.
 *
 * @example
 * const title = await page.evaluate(() => (globalThis as unknown as PageWindow).document.title);
 */
export interface PageWindow {
  document: PageDocument;
  scrollY: number;
  getComputedStyle(element: PageElement): PageStyle;
  DOMParser: new () => { parseFromString(text: string, type: 'image/svg+xml'): PageDocument };
}

/** A document, with the members the browser tests use. */
export interface PageDocument {
  title: string;
  head: PageElement;
  body: PageElement;
  documentElement: PageElement;
  activeElement: PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement> & { length: number };
}

/** An element, with the members the browser tests use; `innerText` exists on HTML elements only. */
export interface PageElement {
  id: string;
  tagName: string;
  textContent: string | null;
  innerText?: string;
  outerHTML: string;
  parentElement: PageElement | null;
  clientWidth: number;
  scrollWidth: number;
  getAttribute(name: string): string | null;
  getAttributeNames(): string[];
  closest(selector: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement> & { length: number };
  getBoundingClientRect(): { left: number; right: number; top: number; bottom: number; width: number; height: number };
}

/** Computed style, with the properties the browser tests read. */
export interface PageStyle {
  backgroundColor: string;
  color: string;
  overflowX: string;
  backgroundImage: string;
}
