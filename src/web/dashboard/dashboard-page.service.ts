import { Injectable } from '@nestjs/common';
import type { Deadline } from '../../compliance/rules/deadline-schedule';
import type { Actor } from '../../identity/access/actor';
import { ReadinessService } from '../../readiness/readiness.service';
import type { ReadinessSummaryDto } from '../../readiness/dto/readiness.dto';

export interface DashboardDepartment {
  readiness: ReadinessSummaryDto;
  nextMilestone: Deadline | null;
  /** Its other programs (enrolments besides the primary one), with their verdicts. */
  otherPrograms: ReadinessSummaryDto[];
  /** The department's own people (not its assessors) open its deadlines worklist from the counts. */
  worklist: boolean;
}

export interface DashboardView {
  today: string;
  thresholdPercent: number;
  ready: number;
  /** Of those, the ones meeting it only once proofs awaiting review are accepted. */
  readyPendingReview: number;
  departments: DashboardDepartment[];
}


/** The footprint at a glance: each visible department's readiness, overdue work and what comes next. */
@Injectable()
export class DashboardPageService {
  constructor(private readonly readiness: ReadinessService) {}

  async view(actor: Actor): Promise<DashboardView> {
    const { footprint, nextMilestones, otherPrograms } = await this.readiness.footprintWithMilestones(actor);
    return {
      today: footprint.today,
      thresholdPercent: footprint.thresholdPercent,
      ready: footprint.ready,
      readyPendingReview: footprint.readyPendingReview,
      departments: footprint.departments.map((readiness) => ({
        readiness,
        nextMilestone: nextMilestones.get(readiness.departmentId) ?? null,
        otherPrograms: otherPrograms.get(readiness.departmentId) ?? [],
        worklist: actor.isAdmin || actor.memberships.some((m) => m.departmentId === readiness.departmentId),
      })),
    };
  }
}
