import { Column, CreateDateColumn, Entity, ForeignKey, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { User } from './user.entity';

import type { DepartmentRole } from '../../kernel/department-values';

export { DEPARTMENT_ROLES } from '../../kernel/department-values';
export type { DepartmentRole } from '../../kernel/department-values';

/** A user's role in one department; one role per user and department. */
@Entity({ name: 'membership' })
@Index('membership_user_department_unique', ['userId', 'departmentId'], { unique: true })
export class Membership {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne('User', 'memberships', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /**
   * A plain foreign key to department (identity sits below departments, so no relation to its
   * entity): the constraint is declared by the entity's name, the same one the relation made.
   */
  @Index('membership_department_idx')
  @ForeignKey('Department', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  departmentId!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: DepartmentRole;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
