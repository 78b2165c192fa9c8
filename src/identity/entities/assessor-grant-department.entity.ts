import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { AssessorGrant } from './assessor-grant.entity';

/**
 * The departments of an assessor grant: the join table a many-to-many relation to Department used
 * to declare, now its own entity with plain foreign keys (identity sits below departments, so it
 * names the department entity by name and imports nothing of departments). Same table, keys,
 * indexes and constraints as before.
 */
@Entity({ name: 'assessor_grant_department' })
export class AssessorGrantDepartment {
  @Index()
  @ForeignKey(() => AssessorGrant, { onDelete: 'CASCADE', onUpdate: 'CASCADE' })
  @PrimaryColumn({ type: 'uuid' })
  grantId!: string;

  @Index()
  @ForeignKey('Department', { onDelete: 'CASCADE', onUpdate: 'CASCADE' })
  @PrimaryColumn({ type: 'uuid' })
  departmentId!: string;
}
