/** UTC calendar day of an instant, as YYYY-MM-DD. */
export const dayOf = (instant: Date): string => instant.toISOString().slice(0, 10);

const DAY_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of an instant in an IANA time zone (what a reader there calls the date), as YYYY-MM-DD. */
export function dayIn(instant: Date, timeZone: string): string {
  let format = DAY_FORMATS.get(timeZone);
  // A formatter is costly to make and a page prints many dates in one zone: one per zone, kept.
  if (!format) DAY_FORMATS.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const parts = format.formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
