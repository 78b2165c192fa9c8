/** How often a person gets the digest of their deadlines. */
export const DIGEST_CHOICES = ['daily', 'weekly', 'off'] as const;
export type DigestChoice = (typeof DIGEST_CHOICES)[number];

/** Without a choice of their own, people get the weekly digest. */
export const DEFAULT_DIGEST_CHOICE: DigestChoice = 'weekly';

/** Whole days from `from` to `to` (YYYY-MM-DD, calendar days). */
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * Whether a digest is due today: daily ones once a day, weekly ones once seven days have passed
 * since the last (the first as soon as there is something to say), never when turned off.
 */
export function digestDue(choice: DigestChoice, lastSentOn: string | null, today: string): boolean {
  switch (choice) {
    case 'off':
      return false;
    case 'daily':
      return lastSentOn === null || daysBetween(lastSentOn, today) >= 1;
    case 'weekly':
      return lastSentOn === null || daysBetween(lastSentOn, today) >= 7;
  }
}
