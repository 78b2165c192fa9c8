import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In } from 'typeorm';
import { NotFoundError } from '../common/errors';
import type { ActivityDto, StandardDto, StandardPageDto, StandardQueryDto } from './dto/standard.dto';
import { Activity } from './entities/activity.entity';
import { Manual } from './entities/manual.entity';
import { Standard } from './entities/standard.entity';
import type { SizeClass } from '../kernel/standard-types';

const LEVEL_PROPERTY: Record<SizeClass, keyof Standard> = { A: 'levelA', B: 'levelB', C: 'levelC', D: 'levelD' };

/** For ILIKE: the user's text matches literally, % and _ included. */
export const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const toActivityDto = (a: Activity): ActivityDto => ({ id: a.id, key: a.key, name: a.name, frequency: a.frequency, reminderDays: a.reminderDays, bullets: a.bullets });

const toDto = (s: Standard, activities: readonly Activity[] = []): StandardDto => ({
  id: s.id,
  number: s.number,
  chapter: s.chapter,
  section: s.number.split('.').slice(0, 2).join('.'),
  title: s.title,
  tier1: s.tier1,
  levels: { A: s.levelA, B: s.levelB, C: s.levelC, D: s.levelD },
  kinds: s.kinds,
  linkedNumbers: s.linkedNumbers,
  frequency: s.frequency,
  activities: activities.map(toActivityDto),
  bullets: s.bullets,
  replaces: s.replaces,
  licensedText: s.licensedText,
  commentary: s.commentary,
});

@Injectable()
export class StandardsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One page of a manual's standards in natural order, with the total matching the filters (two queries). */
  async list(manualId: string, query: StandardQueryDto): Promise<StandardPageDto> {
    if (!(await this.dataSource.getRepository(Manual).existsBy({ id: manualId }))) throw new NotFoundError('manual', manualId);
    const standards = this.dataSource.getRepository(Standard).createQueryBuilder('s').where('s.manualId = :manualId', { manualId });
    if (query.chapter !== undefined) standards.andWhere('s.chapter = :chapter', { chapter: query.chapter });
    if (query.tier1 !== undefined) standards.andWhere('s.tier1 = :tier1', { tier1: query.tier1 });
    if (query.level && query.sizeClass) {
      standards.andWhere(`s.${LEVEL_PROPERTY[query.sizeClass]} = :level`, { level: query.level });
    }
    if (query.kind) standards.andWhere(':kind = ANY(s.kinds)', { kind: query.kind });
    if (query.frequency) standards.andWhere('s.frequency = :frequency', { frequency: query.frequency });
    if (query.q) {
      const pattern = likePattern(query.q);
      standards.andWhere(
        new Brackets((text) => {
          text.where(`s.number ILIKE :pattern ESCAPE '\\'`, { pattern }).orWhere(`s.title ILIKE :pattern ESCAPE '\\'`, { pattern });
        }),
      );
    }
    const [rows, total] = await standards.orderBy('s.sortKey', 'ASC').offset(query.offset).limit(query.limit).getManyAndCount();
    const activities = await this.activitiesOf(rows.map((r) => r.id));
    return { items: rows.map((r) => toDto(r, activities.get(r.id))), total, limit: query.limit, offset: query.offset };
  }

  /** The activities of each of the standards, in the manual's order. */
  private async activitiesOf(standardIds: string[]): Promise<Map<string, Activity[]>> {
    const byStandard = new Map<string, Activity[]>();
    if (standardIds.length === 0) return byStandard;
    const rows = await this.dataSource.getRepository(Activity).find({ where: { standardId: In(standardIds) }, order: { standardId: 'ASC', position: 'ASC' } });
    for (const a of rows) byStandard.set(a.standardId, [...(byStandard.get(a.standardId) ?? []), a]);
    return byStandard;
  }

  /** The licensed text and commentary of a standard, when the manual carries them. */
  async standardText(standardId: string): Promise<{ licensedText: string | null; commentary: string | null }> {
    const standard = await this.dataSource.getRepository(Standard).findOne({ where: { id: standardId }, select: { id: true, licensedText: true, commentary: true } });
    return { licensedText: standard?.licensedText ?? null, commentary: standard?.commentary ?? null };
  }
}
