const QUOTES = [
  'Simplicity is prerequisite for reliability.',
  'Make it work, make it right, make it fast.',
  'Premature optimization is the root of all evil.',
];

export function quoteOfTheDay(day: Date): string {
  return QUOTES[day.getUTCDate() % QUOTES.length];
}
