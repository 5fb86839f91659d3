/** A word in every untrusted payload, so that a script or a judge can tell the text apart. */
export const payloadSentinel = 'UNTRUSTED-MARKUP';

/**
 * Text that would run script, load a remote resource or create an element if the site ever
 * rendered it as HTML or Markdown. Each remote URL points at the beacon with its own path, so
 * a request that reaches the beacon names the field it came from.
 *
 * @example
 * untrustedPayload({ beaconUrl: beacon.url, field: 'reply' })
 */
export function untrustedPayload({ beaconUrl, field }: { beaconUrl: string; field: string }): string {
  const beacon = `${beaconUrl}/${field}`;
  return [
    `${payloadSentinel} in the ${field}:`,
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[link](javascript:alert(1))',
    '<a href="javascript:alert(1)">a link</a>',
    `![](${beacon}/markdown-image.png)`,
    `<img src="${beacon}/html-image.png">`,
    `<iframe src="${beacon}/frame.html"></iframe>`,
    '<svg onload=alert(1)><circle r="5"/></svg>',
    `<link rel="stylesheet" href="${beacon}/style.css">`,
    `<style>@import url("${beacon}/import.css");</style>`,
    `<object data="${beacon}/object.bin"></object>`,
    `<meta http-equiv="refresh" content="0;url=${beacon}/refresh">`,
    '</script><script>alert(1)</script>',
    '\u2028line separator\u2029paragraph separator',
  ].join('\n');
}

/**
 * Tags that any of the payloads would create if rendered as HTML or Markdown. The site draws
 * no element of these kinds itself, apart from its own scripts, style sheet and meta tags in
 * the head, which the tests count separately.
 */
export const payloadTags = ['img', 'iframe', 'object', 'embed', 'video', 'audio', 'style', 'base', 'frame'] as const;
