import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store, type TurnKey, type TurnRecord, type VerdictRecord } from '../../src/store/index.js';
import {
  chromiumMissingReason,
  launchChromium,
  openView,
  readFocus,
  waitForView,
  type PageElement,
  type PageWindow,
} from '../helpers/index.js';
import { writeSiteFixture, type SiteFixture } from './site-fixture.js';
import { exactReasoning, exactReply } from './site-fixture-replies.js';
import { payloadScenarioId } from './site-fixture-suite.js';

/** One turn as the transcript page shows it. */
interface ShownTurn {
  level: number;
  status: string | null;
  statusText: string;
  prompt: string | null;
  reply: string | null;
  /** The reply as rendered, to prove the page keeps its line breaks and spaces on screen too. */
  replyRendered: string | null;
  reasoning: string | null;
  statusMessage: string | null;
  verdicts: { judge: string | null; label: string | null; labelText: string; rationale: string | null }[];
}

/** Conversations that between them hold every status and verdict the fixture produces. */
const conversations: Omit<TurnKey, 'level'>[] = [
  { model: 'openai:alpha', scenarioId: payloadScenarioId, track: 'dystopian', replicate: 1 },
  { model: 'openai:team/beta-ü', scenarioId: payloadScenarioId, track: 'dystopian', replicate: 1 },
  { model: 'openai:team/beta-ü', scenarioId: 'clinic-triage-ledger', track: 'dystopian', replicate: 1 },
  { model: 'openai:alpha', scenarioId: 'clinic-triage-ledger', track: 'dystopian', replicate: 1 },
  { model: 'openai:team/beta-ü', scenarioId: 'newsroom-correction-queue', track: 'benign', replicate: 1 },
];

describe.skipIf(chromiumMissingReason !== undefined)(`results site transcripts ${chromiumMissingReason ?? ''}`, () => {
  let fixture: SiteFixture;
  let browser: Browser;
  let turns: TurnRecord[];
  let verdicts: VerdictRecord[];

  beforeAll(async () => {
    [fixture, browser] = await Promise.all([writeSiteFixture(), launchChromium()]);
    const store = Store.open(fixture.dbPath, { create: false });
    turns = store.listTurns(fixture.runId);
    verdicts = store.listVerdicts(fixture.runId);
    store.close();
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  });

  it('stores the hard cases unchanged', () => {
    // The comparisons below prove the page shows what is stored; this proves the stored text is the hard case.
    const first = turns.find((turn) => sameConversation(turn, conversations[0]!) && turn.level === 1);
    expect(first?.reply).toBe(exactReply);
    expect(first?.reasoning).toBe(exactReasoning);
    const rationale = verdicts.find((verdict) => verdict.turnId === first?.id && verdict.judge === 'openai:judge-one')?.rationale;
    expect(rationale).toMatch(/^ {2}Judge one .*\n {4}Indented second line: ünïcödé ✓$/);

    const shownTurns = turns.filter((turn) => conversations.some((conversation) => sameConversation(turn, conversation)));
    expect(new Set(shownTurns.map((turn) => turn.status))).toEqual(new Set(['ok', 'error', 'skipped', 'blocked']));
    const shownTurnIds = new Set(shownTurns.map((turn) => turn.id));
    expect(verdicts.some((verdict) => shownTurnIds.has(verdict.turnId) && verdict.label === null)).toBe(true);
  });

  it.each(conversations)('shows $model $scenarioId $track as stored', async (conversation) => {
    const { page } = await openView(browser, `${fixture.siteUrl}${transcriptHash(fixture.runId, conversation)}`);
    const shown = await readTurns(page);
    await page.close();

    const stored = turns.filter((turn) => sameConversation(turn, conversation)).sort((a, b) => a.level - b.level);
    expect(shown.map((turn) => turn.level)).toEqual(stored.map((turn) => turn.level));
    for (const [index, turn] of stored.entries()) expectTurn(shown[index]!, turn, verdicts);
  });

  it('opens a transcript link directly', async () => {
    const heading = `Transcript: openai:team/beta-ü, ${payloadScenarioId}`;
    const { page } = await openView(browser, `${fixture.siteUrl}#/runs/${fixture.runId}/scenarios/${payloadScenarioId}`);
    await page.click('table[data-track="dystopian"] tr[data-model="openai:team/beta-ü"] td[data-level="3"] a');
    await waitForView(page, { heading });
    const link = page.url();
    const followed = await page.textContent('main');
    await page.close();

    expect(link).toBe(`${fixture.siteUrl}${transcriptHash(fixture.runId, conversations[1]!)}?level=3`);
    // A new context shares no memory or cache with the first page, as a link opened elsewhere.
    const context = await browser.newContext();
    const { page: opened } = await openView(context, link, { heading });
    expect(await opened.textContent('main')).toBe(followed);
    expect((await readFocus(opened)).id).toBe('level-3-heading');
    expect(await opened.locator('#level-3-heading').isVisible()).toBe(true);
    await context.close();
  });

  it('scrolls to levels on link, Back and Forward', async () => {
    // A short window, so that every level below the first needs scrolling to.
    const context = await browser.newContext({ viewport: { width: 1280, height: 500 } });
    const { page } = await openView(context, `${fixture.siteUrl}${transcriptHash(fixture.runId, conversations[0]!)}`);
    const expectLevelShown = async (level: number) => {
      await page.waitForFunction(
        (id) => (globalThis as unknown as PageWindow).document.activeElement?.id === id,
        `level-${level}-heading`,
        { timeout: 10_000 },
      );
      expect(new URL(page.url()).hash).toMatch(new RegExp(`\\?level=${level}$`));
      const top = await page.$eval(`#level-${level}-heading`, (heading: PageElement) => heading.getBoundingClientRect().top);
      expect(top, `level ${level} heading top`).toBeGreaterThanOrEqual(-1);
      expect(top, `level ${level} heading top`).toBeLessThan(100);
    };

    await page.click('a[aria-label="Link to level 4"]');
    await expectLevelShown(4);
    expect(await page.evaluate(() => (globalThis as unknown as PageWindow).scrollY)).toBeGreaterThan(0);
    await page.click('a[aria-label="Link to level 2"]');
    await expectLevelShown(2);
    await page.goBack();
    await expectLevelShown(4);
    await page.goForward();
    await expectLevelShown(2);
    await context.close();
  });
});

function transcriptHash(runId: string, key: Omit<TurnKey, 'level'>): string {
  const segments = ['runs', runId, 'transcripts', key.scenarioId, key.model, key.track, String(key.replicate)];
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

function sameConversation(turn: TurnRecord, key: Omit<TurnKey, 'level'>): boolean {
  return turn.model === key.model && turn.scenarioId === key.scenarioId && turn.track === key.track && turn.replicate === key.replicate;
}

async function readTurns(page: Page): Promise<ShownTurn[]> {
  // A reader opens the reasoning to see it; closed, it is not rendered.
  for (const summary of await page.locator('details.reasoning > summary').all()) await summary.click();
  return page.$$eval('li.turn', (items: PageElement[]) =>
    items.map((item) => {
      const text = (selector: string) => item.querySelector(selector)?.textContent ?? null;
      const status = item.querySelector('.bubble-model .status');
      return {
        level: Number(item.getAttribute('data-level')),
        status: status?.getAttribute('data-status') ?? null,
        statusText: status?.textContent ?? '',
        prompt: text('[data-text="prompt"]'),
        reply: text('[data-text="reply"]'),
        replyRendered: item.querySelector('[data-text="reply"]')?.innerText ?? null,
        reasoning: text('[data-text="reasoning"]'),
        statusMessage: text('[data-text="status-message"]'),
        verdicts: [...item.querySelectorAll('.verdict')].map((verdict) => ({
          judge: verdict.getAttribute('data-judge'),
          label: verdict.getAttribute('data-label'),
          labelText: verdict.querySelector('.verdict-head .outcome')?.textContent ?? '',
          rationale: verdict.querySelector('[data-text="rationale"]')?.textContent ?? null,
        })),
      };
    }),
  );
}

function expectTurn(shown: ShownTurn, stored: TurnRecord, allVerdicts: VerdictRecord[]): void {
  expect(shown.status).toBe(stored.status);
  expect(shown.statusText).toBe(stored.statusKind ? `${stored.status} (${stored.statusKind})` : stored.status);
  expect(shown.prompt).toBe(stored.prompt);
  expect(shown.reply).toBe(stored.reply === undefined || stored.reply === '' ? null : stored.reply);
  expect(shown.replyRendered).toBe(shown.reply);
  expect(shown.reasoning).toBe(stored.reasoning === undefined || stored.reasoning === '' ? null : stored.reasoning);
  expect(shown.statusMessage).toBe(stored.statusMessage ?? null);

  const expected = allVerdicts
    .filter((verdict) => verdict.turnId === stored.id)
    .map((verdict) => ({
      judge: verdict.judge,
      label: verdict.label ?? 'null',
      labelText: verdict.label ?? `unscored: ${verdict.unscoredReason}`,
      rationale: verdict.rationale === undefined || verdict.rationale === '' ? null : verdict.rationale,
    }));
  expect(sortByJudge(shown.verdicts)).toEqual(sortByJudge(expected));
}

function sortByJudge<Verdict extends { judge: string | null }>(verdicts: Verdict[]): Verdict[] {
  return [...verdicts].sort((a, b) => (a.judge ?? '').localeCompare(b.judge ?? ''));
}
