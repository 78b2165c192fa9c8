import { dayIn } from '../kernel/calendar';
import { periodName } from '../kernel/deadline-periods';
import { formatDate as formatDay, formatDateTime as formatInstant } from '../reports/format';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * "2026-11-29" → "Nov 29, 2026", as the reports print it. A moment ("2026-11-29T23:59:00Z" or a
 * Date) prints the calendar day it is in `timeZone`.
 */
export function formatDate(value: string | Date | null | undefined, timeZone = 'UTC'): string {
  if (!value) return '—';
  if (typeof value === 'string' && DAY.test(value)) return safely(() => formatDay(value), value);
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return formatDay(dayIn(date, timeZone));
}

/** A moment with its time in `timeZone` and the zone's abbreviation: "Nov 29, 2026, 1:05 AM CST", as the reports print it. */
export function formatDateTime(value: string | Date | null | undefined, timeZone = 'UTC'): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return formatInstant(date.toISOString(), timeZone);
}

function safely(format: () => string, fallback: string): string {
  try {
    return format();
  } catch {
    return fallback;
  }
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return `${Math.round(value * 10) / 10}%`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Identifiers to machine words → words for people: "in_review" → "In review". */
export function humanize(value: string | null | undefined): string {
  if (!value) return '—';
  const words = value.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What templates call as `h`: dates and times in the installation's time zone (REPORT_TIME_ZONE), like the reports. */
export function viewHelpers(timeZone: string) {
  return {
    timeZone,
    formatDate: (value: string | Date | null | undefined) => formatDate(value, timeZone),
    formatDateTime: (value: string | Date | null | undefined) => formatDateTime(value, timeZone),
    formatPercent,
    formatBytes,
    humanize,
    periodName,
    encode: encodeURIComponent,
  };
}

export type ViewHelpers = ReturnType<typeof viewHelpers>;
