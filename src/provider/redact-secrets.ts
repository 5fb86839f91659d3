// Shapes of common API keys, masked even when the key did not come from our own environment,
// because providers echo keys in error bodies and users paste them into headers.
const keyPatterns = [
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\/\/[^/\s:@]+:[^/\s@]+@/g,
  // A key in a URL's query, as Google's APIs accept it (`?key=`).
  /[?&](key|api_key|apikey|access_token)=[^&\s"'#]+/gi,
];

/**
 * Masks secrets in text that may be stored or printed: the given secret values (keys from the
 * environment, header values) and anything shaped like an API key or URL credentials.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let redacted = text;
  for (const secret of secrets) {
    // Short values would mask ordinary words; real keys are far longer.
    if (secret.length < 8) continue;
    redacted = redacted.split(secret).join('[REDACTED]');
  }
  for (const pattern of keyPatterns) {
    redacted = redacted.replace(pattern, (match) => {
      if (match.startsWith('//')) return '//[REDACTED]@';
      const query = /^[?&][^=]+=/.exec(match);
      if (query) return `${query[0]}[REDACTED]`;
      const scheme = /^(Bearer|Basic)\s+/i.exec(match);
      return scheme ? `${scheme[0]}[REDACTED]` : '[REDACTED]';
    });
  }
  return redacted;
}
