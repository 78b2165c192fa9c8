import { createHash, randomBytes } from 'node:crypto';

/** High-entropy secrets, so a fast hash is the right one to store (no salt needed). */
export const newToken = (prefix: string): string => `${prefix}_${randomBytes(32).toString('base64url')}`;
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
