import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Department } from '../../departments/entities/department.entity';
import type { User } from './user.entity';

export const DEPARTMENT_ROLES = ['manager', 'member', 'chief'] as const;
export type DepartmentRole = (typeof DEPARTMENT_ROLES)[number];

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

  @Index('membership_department_idx')
  @Column({ type: 'uuid' })
  departmentId!: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Department;

  @Column({ type: 'varchar', length: 20 })
  role!: DepartmentRole;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
