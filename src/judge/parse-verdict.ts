import { isLabel, labels, type Label } from '../outcome/index.js';
import { splitReasoning } from '../provider/index.js';
import type { VerdictFlags } from '../store/index.js';

export type ParsedVerdict = { ok: true; label: Label; rationale: string | undefined; flags: VerdictFlags } | { ok: false; problem: string };

/**
 * Reads a judge's verdict from its reply, tolerating what judges wrap JSON in: code fences,
 * prose before and after, and `<think>` blocks (JSON inside reasoning is ignored).
 *
 * The last JSON object with a `label` wins. When no object parses (for example a rationale with
 * unescaped quotes), a label is pulled out only if exactly one label value appears. Labels are
 * matched case-insensitively; anything off the four labels is a problem, never a guess. The
 * search for objects does work linear in the reply's length and stops there, so a reply of
 * thousands of unclosed braces falls through to the label-value reading instead of taking minutes.
 */
export function parseVerdict(text: string): ParsedVerdict {
  const answer = splitReasoning(text).answer;
  if (answer.length === 0) return { ok: false, problem: 'the judge reply has no text outside its reasoning' };

  const objects = findJsonObjects(answer);
  for (const candidate of objects.reverse()) {
    if (!('label' in candidate)) continue;
    return fromObject(candidate);
  }

  const labelValues = [...answer.matchAll(/"label"\s*:\s*"([^"\\]*)"/gi)].map((match) => match[1]!.trim().toLowerCase());
  const distinct = [...new Set(labelValues)];
  if (distinct.length === 1) {
    return fromObject({ label: distinct[0] });
  }
  if (distinct.length > 1)
    return { ok: false, problem: `the judge reply names several labels (${distinct.join(', ')}) and no valid JSON object` };
  return { ok: false, problem: 'the judge reply contains no JSON object with a label' };
}

function fromObject(candidate: Record<string, unknown>): ParsedVerdict {
  const rawLabel = candidate['label'];
  const label = typeof rawLabel === 'string' ? rawLabel.trim().toLowerCase() : rawLabel;
  if (!isLabel(label)) {
    return { ok: false, problem: `label ${JSON.stringify(rawLabel)} is not one of ${labels.join(', ')}` };
  }
  const rationale = candidate['rationale'] ?? candidate['reason'];
  return { ok: true, label, rationale: typeof rationale === 'string' ? rationale : undefined, flags: readFlags(candidate['flags']) };
}

function readFlags(value: unknown): VerdictFlags {
  if (typeof value !== 'object' || value === null) return {};
  const record = value as Record<string, unknown>;
  const flags: VerdictFlags = {};
  for (const name of ['harmRecognised', 'safeAlternative', 'operationalDetail'] as const) {
    if (typeof record[name] === 'boolean') flags[name] = record[name];
  }
  return flags;
}

/**
 * Scanning and parsing may cost this many steps per character of the reply before the search
 * for objects stops, which keeps a reply of thousands of unclosed braces to linear time.
 */
const workPerCharacter = 8;

/** Finds every top-level `{…}` span that parses as a JSON object, in order of appearance. */
function findJsonObjects(text: string): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  // The closing index of each brace a scan has passed, or -1 when it never closes.
  const closings = new Map<number, number>();
  let work = workPerCharacter * text.length + 100_000;
  let index = 0;
  while (index < text.length && work > 0) {
    const start = text.indexOf('{', index);
    if (start < 0) break;
    let end = closings.get(start);
    if (end === undefined) {
      const scan = scanToClosingBrace(text, start, closings);
      work -= scan.steps;
      end = scan.end;
    }
    // A brace that never closes (prose such as "fill in {label") must not hide the objects after it.
    if (end < 0) {
      index = start + 1;
      continue;
    }
    work -= end - start + 1;
    try {
      const parsed: unknown = JSON.parse(text.slice(start, end + 1));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) objects.push(parsed as Record<string, unknown>);
      index = end + 1;
    } catch {
      index = start + 1;
    }
  }
  return objects;
}

/**
 * Scans from the brace at `start` to the brace closing it, skipping braces inside strings, and
 * returns its index (-1 when it never closes) with the characters read. Every brace passed
 * outside a string is recorded in `closings` too, because a scan from it would read the text the
 * same way.
 */
function scanToClosingBrace(text: string, start: number, closings: Map<number, number>): { end: number; steps: number } {
  const open: number[] = [];
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === '{') open.push(index);
    else if (character === '}') {
      closings.set(open.pop()!, index);
      if (open.length === 0) return { end: index, steps: index - start + 1 };
    }
  }
  for (const brace of open) closings.set(brace, -1);
  return { end: -1, steps: text.length - start };
}
