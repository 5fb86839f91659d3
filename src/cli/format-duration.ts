/** Formats milliseconds as `850ms`, `42s`, `6m12s` or `2h05m`. */
export function formatDuration(milliseconds: number): string {
  // Compare the rounded value, so that 999.6 ms reads 1s rather than 1000ms.
  if (Math.round(milliseconds) < 1000) return `${Math.round(milliseconds)}ms`;
  const seconds = Math.round(milliseconds / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
