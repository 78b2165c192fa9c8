import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Manual } from './manual.entity';

@Entity({ name: 'manual_chapter' })
@Index('manual_chapter_number_unique', ['manualId', 'number'], { unique: true })
export class ManualChapter {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  manualId!: string;

  @ManyToOne(() => Manual, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'manual_id' })
  manual?: Manual;

  @Column({ type: 'smallint' })
  number!: number;

  @Column({ type: 'text' })
  title!: string;
}
