import { render } from 'preact';
import { App } from './app.js';
import { installDataCallback } from './data/load-data.js';

// Data files call the callback as soon as they run, so it must exist before the first one loads.
installDataCallback();
const container = document.getElementById('app')!;
// Preact renders next to existing children, so the page's "Loading…" placeholder goes first.
container.replaceChildren();
render(<App />, container);
