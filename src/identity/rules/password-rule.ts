export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** Why a password is refused, in words a user can act on; empty when it is acceptable. */
export function passwordProblems(password: string, email: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  const lower = password.toLowerCase();
  const address = email.trim().toLowerCase();
  const localPart = address.split('@')[0] ?? '';
  if (address && lower.includes(address)) {
    problems.push('must not contain your email address');
  } else if (localPart.length >= 4 && lower.includes(localPart)) {
    problems.push(`must not contain "${localPart}", the part of your email address before the @`);
  }
  if (password.length > 0 && new Set(password).size < 4) problems.push('must use more than three different characters');
  return problems;
}

/**
 * ADMIN_PASSWORD judged by the same rule as every password, against the address the first
 * administrator will have; main.ts asks before anything (the database included) starts.
 */
export function adminPasswordProblems(adminPassword: string | undefined, adminEmail: string): string[] {
  if (!adminPassword) return [];
  const problems = passwordProblems(adminPassword, adminEmail);
  return problems.length > 0 ? [`ADMIN_PASSWORD (for ${adminEmail}) ${problems.join('; ')}`] : [];
}
