import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

export type SessionKind = 'bearer' | 'cookie';

/**
 * A signed-in session. Tokens are stored as SHA-256 hashes only. Refreshing rotates: the old row
 * is revoked and a new one joins the same family; presenting a rotated refresh token again
 * revokes the whole family (it was stolen or replayed).
 */
@Entity({ name: 'session' })
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('session_user_idx')
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Index('session_family_idx')
  @Column({ type: 'uuid' })
  familyId!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: SessionKind;

  @Index('session_access_token_hash_unique', { unique: true })
  @Column({ type: 'char', length: 64 })
  accessTokenHash!: string;

  @Index('session_refresh_token_hash_unique', { unique: true })
  @Column({ type: 'char', length: 64, nullable: true })
  refreshTokenHash!: string | null;

  @Column({ type: 'timestamptz' })
  accessExpiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  refreshExpiresAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  revokedReason!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  userAgent!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
