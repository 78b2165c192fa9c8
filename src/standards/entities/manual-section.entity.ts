import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ManualChapter } from './manual-chapter.entity';
import { Manual } from './manual.entity';

@Entity({ name: 'manual_section' })
@Index('manual_section_number_unique', ['manualId', 'number'], { unique: true })
export class ManualSection {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  manualId!: string;

  @ManyToOne(() => Manual, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'manual_id' })
  manual?: Manual;

  @Index('manual_section_chapter_idx')
  @Column({ type: 'uuid' })
  chapterId!: string;

  @ManyToOne(() => ManualChapter, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'chapter_id' })
  chapter?: ManualChapter;

  /** Chapter and section, e.g. "1.2". */
  @Column({ type: 'varchar', length: 10 })
  number!: string;

  @Column({ type: 'text' })
  title!: string;
}
