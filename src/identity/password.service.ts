import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblems } from './rules/password-rule';

@Injectable()
export class PasswordService {
  /** Verified against when the email is unknown, so both cases take the same time. */
  private readonly decoyHash = argon2.hash('decoy password that never matches', { type: argon2.argon2id });

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    const target = hash ?? (await this.decoyHash);
    try {
      const matches = await argon2.verify(target, password);
      return hash !== null && matches;
    } catch {
      return false;
    }
  }
}
