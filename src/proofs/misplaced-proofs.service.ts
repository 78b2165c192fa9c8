import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors';
import type { Actor } from '../identity/access/actor';
import { DepartmentAccessService, MANAGE_ROLES } from '../identity/access/department-access.service';
import type { MisplacedProofDto, MisplacedProofsDto } from './dto/misplaced-proof.dto';
import { ProofsRepository } from './proofs.repository';
import { misplacementOf } from './rules/misplaced-proof';
import { cycleAnchor } from '../kernel/proof-cycle';

/**
 * Filings stored before "the date decides the year" whose cycle, year or period disagrees with
 * their effective date: listed for the managers to look at, never moved.
 */
@Injectable()
export class MisplacedProofsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ProofsRepository,
    private readonly access: DepartmentAccessService,
  ) {}

  async list(actor: Actor, departmentId: string): Promise<MisplacedProofsDto> {
    this.access.assert(actor, departmentId, MANAGE_ROLES);
    return this.report(departmentId);
  }

  /** The report for one department, for callers already authorised (the CLI). */
  async report(departmentId: string): Promise<MisplacedProofsDto> {
    const department = await this.repository.findDepartmentAnchor(this.dataSource.manager, departmentId);
    if (!department) throw new NotFoundError('department', departmentId);
    const anchorDate = cycleAnchor(department).date;
    const rows = await this.repository.findLiveFilingsWithDates(this.dataSource.manager, departmentId);
    const misplaced: MisplacedProofDto[] = [];
    for (const row of rows) {
      // Each file counts its cycles from its own enrolment's award (a department may be in two programs).
      const wrong = misplacementOf(
        { effectiveDate: row.effective_date, cycleStartsOn: row.cycle_starts_on, cycleYear: row.cycle_year, periodKey: row.period_key, frequency: row.frequency },
        cycleAnchor({ awardDate: row.award_date, createdOn: department.createdOn }).date,
        row.cycle_years,
      );
      if (!wrong) continue;
      misplaced.push({
        linkId: row.link_id,
        proofId: row.proof_id,
        standardFileId: row.standard_file_id,
        standardNumber: row.standard_number,
        fileName: row.file_name,
        effectiveDate: row.effective_date,
        reviewState: row.review_state,
        disagrees: wrong.kinds,
        stored: { cycleStartsOn: row.cycle_starts_on, cycleYear: row.cycle_year, periodKey: row.period_key },
        dateFallsIn: wrong.expected,
      });
    }
    return { departmentId, anchorDate, checked: rows.length, misplaced };
  }
}
