import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumMissingReason,
  launchChromium,
  openEveryDetails,
  openView,
  type PageActivity,
  type PageElement,
  type PageWindow,
} from '../helpers/index.js';
import { writeSiteFixture, type SiteFixture } from './site-fixture.js';
import { payloadSentinel, payloadTags } from './site-fixture-payloads.js';
import { payloadScenarioId } from './site-fixture-suite.js';

/** A page to visit and a text it must show, to prove the payload is there as text and not dropped. */
interface VisitedView {
  name: string;
  hash: (runId: string) => string;
  shows?: string;
}

const views: VisitedView[] = [
  { name: 'leaderboard', hash: (runId) => `#/runs/${runId}` },
  { name: 'families', hash: (runId) => `#/runs/${runId}/families` },
  { name: 'escalation', hash: (runId) => `#/runs/${runId}/escalation` },
  { name: 'scenarios', hash: (runId) => `#/runs/${runId}/scenarios`, shows: '<script>alert(1)</script><img src=x onerror=alert(1)>' },
  { name: 'scenario', hash: (runId) => `#/runs/${runId}/scenarios/${payloadScenarioId}`, shows: '<script>alert(1)</script>' },
  {
    name: 'transcript with untrusted reply, reasoning and rationales',
    hash: (runId) => `#/runs/${runId}/transcripts/${payloadScenarioId}/openai%3Aalpha/dystopian/1`,
    shows: `${payloadSentinel} in the rationale-two`,
  },
  {
    name: 'transcript with an untrusted error message',
    hash: (runId) => `#/runs/${runId}/transcripts/${payloadScenarioId}/${encodeURIComponent('openai:team/beta-ü')}/dystopian/1`,
    shows: `${payloadSentinel} in the error-message`,
  },
  { name: 'judges', hash: (runId) => `#/runs/${runId}/judges` },
  { name: 'methodology', hash: () => '#/methodology' },
  { name: 'compare', hash: () => '#/compare' },
  // A shared link is untrusted too: its route reaches the page as a run id, a scenario id or a model.
  { name: 'unknown run from a link', hash: () => '#/runs/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', shows: '<img src=x onerror=alert(1)>' },
  {
    name: 'unknown scenario from a link',
    hash: (runId) => `#/runs/${runId}/scenarios/%3Cscript%3Ealert(1)%3C%2Fscript%3E`,
    shows: '<script>alert(1)</script>',
  },
  {
    name: 'unknown model from a link',
    hash: (runId) => `#/runs/${runId}/transcripts/${payloadScenarioId}/%3Csvg%20onload%3Dalert(1)%3E/dystopian/1`,
    shows: '<svg onload=alert(1)>',
  },
];

describe.skipIf(chromiumMissingReason !== undefined)(`results site with untrusted text ${chromiumMissingReason ?? ''}`, () => {
  let fixture: SiteFixture;
  let browser: Browser;
  /** The same site without its Content-Security-Policy, so that the policy cannot hide a rendering bug. */
  let siteWithoutPolicy: string;

  beforeAll(async () => {
    [fixture, browser] = await Promise.all([writeSiteFixture(), launchChromium()]);
    const folder = `${fixture.siteDir}-without-policy`;
    cpSync(fixture.siteDir, folder, { recursive: true });
    const index = readFileSync(join(folder, 'index.html'), 'utf8');
    const withoutPolicy = index.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/, '');
    expect(withoutPolicy).not.toBe(index);
    writeFileSync(join(folder, 'index.html'), withoutPolicy);
    siteWithoutPolicy = pathToFileURL(join(folder, 'index.html')).href;
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  });

  it.each([
    { site: 'as written', url: () => fixture.siteUrl },
    { site: 'without its policy', url: () => siteWithoutPolicy },
  ])('keeps untrusted text inert $site', async ({ url }) => {
    const context = await browser.newContext();
    const activities: PageActivity[] = [];
    for (const view of views) {
      const { page, activity } = await openView(context, `${url()}${view.hash(fixture.runId)}`);
      activities.push(activity);
      await openEveryDetails(page);
      expect(await findActiveElements(page), view.name).toEqual([]);
      if (view.shows) expect(await page.textContent('main'), view.name).toContain(view.shows);
    }
    // Give a request that an element would start after rendering the time to reach the beacon.
    await new Promise((resolve) => setTimeout(resolve, 250));
    await context.close();

    const all = (list: keyof PageActivity) => activities.flatMap((activity) => activity[list]);
    expect(all('dialogs')).toEqual([]);
    expect(all('pageErrors')).toEqual([]);
    expect(all('consoleErrors')).toEqual([]);
    expect(all('requests').filter((request) => !request.startsWith('file://'))).toEqual([]);
    expect(fixture.beacon.requests).toEqual([]);
  });

  it('shows the untrusted reply line by line', async () => {
    const { page } = await openView(browser, `${fixture.siteUrl}${views[5]!.hash(fixture.runId)}`);
    const reply = await page.textContent('li.turn[data-level="2"] [data-text="reply"]');
    await page.close();
    expect(reply?.split('\n')).toEqual(
      expect.arrayContaining([
        '<script>alert(1)</script>',
        '<img src=x onerror=alert(1)>',
        '[link](javascript:alert(1))',
        '<a href="javascript:alert(1)">a link</a>',
        `![](${fixture.beacon.url}/reply/markdown-image.png)`,
        '<svg onload=alert(1)><circle r="5"/></svg>',
        '</script><script>alert(1)</script>',
      ]),
    );
  });
});

/**
 * Lists every element that could run script, load a resource or navigate, apart from the
 * site's own: its app script, style sheet and meta tags, its charts' SVG, and links to its
 * own hash routes.
 */
function findActiveElements(page: Page): Promise<string[]> {
  return page.evaluate(
    (tags) => {
      const { document } = globalThis as unknown as PageWindow;
      const found: string[] = [];
      const describe = (element: PageElement) => element.outerHTML.slice(0, 120);
      for (const element of document.querySelectorAll(tags.join(','))) found.push(`payload tag: ${describe(element)}`);
      for (const element of document.querySelectorAll('*')) {
        const handlers = element.getAttributeNames().filter((name) => name.toLowerCase().startsWith('on'));
        if (handlers.length > 0) found.push(`event handler ${handlers.join(', ')}: ${describe(element)}`);
      }
      for (const script of document.querySelectorAll('script')) {
        if (script.getAttribute('src') !== 'app.js') found.push(`script: ${describe(script)}`);
      }
      for (const link of document.querySelectorAll('link')) {
        if (link.getAttribute('href') !== 'app.css') found.push(`link: ${describe(link)}`);
      }
      for (const meta of document.querySelectorAll('meta')) {
        if (meta.parentElement !== document.head || meta.getAttribute('http-equiv') === 'refresh') found.push(`meta: ${describe(meta)}`);
      }
      for (const svg of document.querySelectorAll('svg')) {
        if (!svg.closest('.chart-body')) found.push(`svg outside a chart: ${describe(svg)}`);
      }
      for (const anchor of document.querySelectorAll('[href]')) {
        const href = anchor.getAttribute('href') ?? '';
        if (anchor.tagName !== 'LINK' && !href.startsWith('#')) found.push(`link target: ${describe(anchor)}`);
      }
      for (const element of document.querySelectorAll('[src]')) {
        if (element.tagName !== 'SCRIPT') found.push(`source: ${describe(element)}`);
      }
      return found;
    },
    payloadTags as readonly string[],
  );
}
