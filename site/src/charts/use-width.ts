import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/**
 * Tracks the content width of an element, so that charts are drawn at the size they are shown
 * and their text stays legible at 360 px instead of being scaled down.
 */
export function useWidth<Element extends HTMLElement>(fallback = 640) {
  const ref = useRef<Element>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const update = () => setWidth(Math.max(240, Math.floor(element.clientWidth)));
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}
