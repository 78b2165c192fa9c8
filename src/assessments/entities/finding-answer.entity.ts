import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../identity/entities/user.entity';
import type { FindingAnswerKind } from '../../kernel/assessment-values';
import { Proof } from '../../proofs/entities/proof.entity';
import { Finding } from './finding.entity';

/** A manager's answer to a finding: a new proof, a changed directive or a comment. Never changed. */
@Entity({ name: 'finding_answer' })
export class FindingAnswer {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('finding_answer_finding_idx')
  @Column({ type: 'uuid' })
  findingId!: string;

  @ManyToOne(() => Finding, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  @Column({ type: 'varchar', length: 20 })
  kind!: FindingAnswerKind;

  @Column({ type: 'text' })
  text!: string;

  /** The proof a "new proof" answer points at. */
  @Column({ type: 'uuid', nullable: true })
  proofId!: string | null;

  @ManyToOne(() => Proof, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'proof_id' })
  proof?: Proof;

  @Column({ type: 'uuid', nullable: true })
  answeredByUserId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'answered_by_user_id' })
  answeredBy?: User;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  answeredAt!: Date;
}
