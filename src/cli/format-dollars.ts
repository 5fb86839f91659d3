/** Formats US dollars with cents, and with four decimals below ten cents, so a small run does not show $0.00. */
export function formatDollars(amount: number): string {
  return `$${amount.toFixed(amount > 0 && amount < 0.1 ? 4 : 2)}`;
}
