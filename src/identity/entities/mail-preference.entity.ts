import { Check, Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { DIGEST_CHOICES, DigestChoice } from '../../kernel/mail-digest';
import { User } from './user.entity';

/**
 * A person's choice of deadline digest, with the secret of the unsubscribe link in every digest
 * (kept as is: it can only turn the digest off, and each digest must carry it) and the day the
 * last digest was queued. No row: the default choice.
 */
@Entity({ name: 'mail_preference' })
@Check('mail_preference_digest_check', `digest IN (${DIGEST_CHOICES.map((c) => `'${c}'`).join(', ')})`)
export class MailPreference {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', length: 8 })
  digest!: DigestChoice;

  @Index('mail_preference_unsubscribe_token_unique', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  unsubscribeToken!: string;

  @Column({ type: 'date', nullable: true })
  lastDigestOn!: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
