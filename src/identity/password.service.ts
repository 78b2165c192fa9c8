import { Injectable } from '@nestjs/common';
import { hash as argon2Hash, verify as argon2Verify, type Options as Argon2Options } from '@node-rs/argon2';

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblems } from './rules/password-rule';

/**
 * argon2id with the parameters every stored hash was made with (64 MiB, 3 passes, 4 lanes): the
 * PHC string records them, so verification follows each hash's own parameters.
 * (@node-rs/argon2's default algorithm is argon2id; its `Algorithm` is a const enum.)
 */
export const ARGON2_OPTIONS: Argon2Options = { memoryCost: 65536, timeCost: 3, parallelism: 4, outputLen: 32 };

@Injectable()
export class PasswordService {
  /** Verified against when the email is unknown, so both cases take the same time. */
  private readonly decoyHash = argon2Hash('decoy password that never matches', ARGON2_OPTIONS);

  hash(password: string): Promise<string> {
    return argon2Hash(password, ARGON2_OPTIONS);
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    const target = hash ?? (await this.decoyHash);
    try {
      const matches = await argon2Verify(target, password);
      return hash !== null && matches;
    } catch {
      return false;
    }
  }
}
