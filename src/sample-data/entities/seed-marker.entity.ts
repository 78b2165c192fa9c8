import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Records that a one-time data load (the sample data) ran, so it never runs twice. */
@Entity({ name: 'seed_marker' })
export class SeedMarker {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  key!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  appliedAt!: Date;
}
