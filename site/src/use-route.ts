import { useEffect, useState } from 'preact/hooks';
import { parseRoute, type Route } from './route.js';

/** The route of the current URL hash, updated on every `hashchange`. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** Goes to a route's hash, adding a history entry as a link would. */
export function navigate(hash: string): void {
  location.hash = hash;
}
