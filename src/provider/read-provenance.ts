import { asRecord } from './as-record.js';
import { redactSecrets } from './redact-secrets.js';

/** What a reply says about the system that produced it, beyond the text. */
export interface Provenance {
  /** Gemini's `modelVersion`, which its package does not report as the response's model id. */
  modelVersion: string | undefined;
  /** OpenAI's `system_fingerprint`. */
  systemFingerprint: string | undefined;
  /** OpenRouter's `provider`: the upstream that served the call. */
  upstreamProvider: string | undefined;
  /** The request body without the conversation, with secret-shaped values masked. */
  requestParameters: Record<string, unknown> | undefined;
}

// Fields that carry the conversation in each API's request body; the turn stores those apart.
const conversationFields = new Set(['messages', 'system', 'contents', 'systemInstruction', 'prompt', 'input']);

/** Reads provenance fields from the response body and the request body as the package sent it. */
export function readProvenance({
  responseBody,
  requestBody,
  secrets,
}: {
  responseBody: unknown;
  requestBody: unknown;
  secrets: readonly string[];
}): Provenance {
  const response = asRecord(responseBody);
  let parameters: { value: Record<string, unknown> | undefined } | undefined;
  return {
    modelVersion: nonEmptyString(response?.['modelVersion']),
    systemFingerprint: nonEmptyString(response?.['system_fingerprint']),
    upstreamProvider: nonEmptyString(response?.['provider']),
    // Parsed on first read: the body repeats the whole conversation, and no judge call reads it.
    get requestParameters() {
      parameters ??= { value: parametersOf(requestBody, secrets) };
      return parameters.value;
    },
  };
}

function parametersOf(requestBody: unknown, secrets: readonly string[]): Record<string, unknown> | undefined {
  let body = requestBody;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const record = asRecord(body);
  if (!record) return undefined;
  const kept = Object.fromEntries(Object.entries(record).filter(([name, value]) => !conversationFields.has(name) && value !== undefined));
  // A user may put anything in extraBody; what is stored passes the same masking as error text.
  return JSON.parse(redactSecrets(JSON.stringify(kept), secrets)) as Record<string, unknown>;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value : undefined;
}
