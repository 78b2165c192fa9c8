import { IdempotencyRaceLostError } from '../idempotency/idempotency.errors';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { IncomingMessage } from 'node:http';
import { pipeline, Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { ConflictError, ForbiddenError, NotFoundError, StaleVersionError } from '../common/errors';
import { RequestValidationError } from '../common/problem/problem';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { dayOf } from '../kernel/calendar';
import type { AccessRole, Actor } from '../identity/access/actor';
import { UsersService } from '../identity/users.service';
import { MailService } from '../mail/mail.service';
import { DepartmentAccessService, MANAGE_ROLES, READ_ROLES } from '../identity/access/department-access.service';
import type { FiledInDto, FiledProofDto, FileProofsDto, LinkProofDto, ProofDetailDto, ProofDto, ProofLinkDto } from './dto/proof.dto';
import type { ReviewState } from './entities/proof-link.entity';
import { ProofAlreadyLinkedError, ProofBytesMissingError, ProofLinkStateError, ProofPlacementRefusedError, ProofTooLargeError, RangeNotSatisfiableError } from './proofs.errors';
import { FileContext, LinkRow, ProofRow, ProofsRepository } from './proofs.repository';
import { cycleAnchor, cycleContaining, visibleSince } from '../kernel/proof-cycle';
import { describePlace, isPlacementRefusal, Placement, placeProof } from './rules/proof-placement';
import { contentDispositionAttachment, safeFileName } from './rules/file-name';
import { requestedRange } from './rules/byte-range';
import { ObjectMissingError, ObjectTooLargeError, PROOF_STORAGE, ProofStorage, StagedBytes } from './storage/proof-storage';
import { readMultipartUpload } from './upload/multipart-upload';
import { assertAcceptedType, EarlyTypeCheck, sniffBlob } from './upload/type-sniffing';
import { parseUploadFields } from './upload/upload-fields';
import { matchesEtag } from '../common/etag';
import { shownToAssessor } from './rules/assessor-view';

/** Who files proofs: managers anywhere in their department, members in the files assigned to them. */
const FILING_ROLES: AccessRole[] = ['admin', 'manager', 'member'];
const FILE_FIELD = 'file';
/** Room for the form fields and multipart framing on top of the file itself. */
const FORM_OVERHEAD_BYTES = 1024 * 1024;

export interface ProofDownload {
  status: 200 | 206 | 304;
  headers: Record<string, string>;
  /** The bytes (status 200 or 206, not HEAD). */
  body?: Readable;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

const toProofDto = (r: ProofRow): ProofDto => ({
  id: r.proof_id,
  departmentId: r.department_id,
  fileName: r.file_name,
  kind: r.kind,
  effectiveDate: r.effective_date,
  description: r.description,
  mimeType: r.mime_type,
  sizeBytes: Number(r.size_bytes),
  sha256: r.sha256,
  uploadedByUserId: r.uploaded_by_user_id,
  uploadedAt: r.uploaded_at.toISOString(),
  contentUrl: `/api/proofs/${r.proof_id}/content`,
});

const toLinkDto = (r: LinkRow): ProofLinkDto => ({
  id: r.id,
  proofId: r.proof_id,
  standardFileId: r.standard_file_id,
  standardNumber: r.standard_number,
  cycleStartsOn: r.cycle_starts_on,
  cycleYear: r.cycle_year,
  periodKey: r.period_key === '' ? null : r.period_key,
  activityKey: r.activity_key === '' ? null : r.activity_key,
  bullets: r.bullets,
  state: r.withdrawn_at ? 'withdrawn' : r.review_state,
  reviewState: r.review_state,
  reviewReason: r.review_reason,
  reviewedByUserId: r.reviewed_by_user_id,
  reviewedAt: iso(r.reviewed_at),
  withdrawn: r.withdrawn_at !== null,
  withdrawnAt: iso(r.withdrawn_at),
  withdrawnByUserId: r.withdrawn_by_user_id,
  withdrawReason: r.withdraw_reason,
  createdByUserId: r.created_by_user_id,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  version: r.version,
});

const toFiledDto = (r: LinkRow): FiledProofDto => ({ ...toLinkDto(r), proof: toProofDto(r) });

/** An accepted filing as an assessor sees it: a reason from an earlier return stays inside the agency. */
const withoutInternalReasons = <T extends LinkRow>(r: T): T => ({ ...r, review_reason: null, withdraw_reason: null });

/** What an upload or link answer says about where the effective date placed the filing. */
const filedIn = ({ place }: Placement): FiledInDto => ({
  ...place,
  message:
    place.cycle === 'previous'
      ? `Filed in ${describePlace(place)}, where its effective date falls, not in the current cycle.`
      : `Filed in ${describePlace(place)}, where its effective date falls.`,
});

const newestFirst = (a: LinkRow, b: LinkRow): number =>
  b.effective_date.localeCompare(a.effective_date) || b.created_at.getTime() - a.created_at.getTime();


@Injectable()
export class ProofsService implements OnModuleInit, OnModuleDestroy {

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PROOF_STORAGE) private readonly storage: ProofStorage,
    private readonly repository: ProofsRepository,
    private readonly access: DepartmentAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyService,
    private readonly users: UsersService,
    private readonly mail: MailService,
  ) {}

  /** Creates the storage folders; ProofStorageMaintenance clears what crashes leave. */
  async onModuleInit(): Promise<void> {
    await this.storage.prepare();
  }

  onModuleDestroy(): void {
    this.storage.close?.();
  }

  /**
   * Files a new proof: the form is checked before a byte is kept, the bytes are streamed to
   * staging (hashed, counted, size-limited), their type is sniffed and checked against what the
   * client declared, then they are committed to their content address and, only then, the rows
   * and the audit event are written in one transaction. A failure before the commit leaves
   * nothing; a failure after it leaves at most a complete object no row points to.
   */
  async upload(actor: Actor, fileId: string, request: IncomingMessage, idempotencyKey?: string): Promise<FiledProofDto> {
    const file = await this.fileForFiling(actor, fileId);
    // A retry of an upload whose answer was lost: the first answer, nothing read, nothing stored.
    const scope = `proof-upload:${fileId}`;
    if (idempotencyKey) {
      const replayed = await this.idempotency.replay<FiledProofDto>(actor.userId, idempotencyKey, scope);
      if (replayed) {
        request.resume();
        return replayed;
      }
    }
    const maxBytes = this.config.uploadMaxBytes;
    const declaredLength = Number(request.headers['content-length']);
    if (Number.isFinite(declaredLength) && declaredLength > maxBytes + FORM_OVERHEAD_BYTES) {
      request.resume();
      throw new ProofTooLargeError(maxBytes);
    }
    const today = dayOf(this.clock.now());
    const held: { staged?: StagedBytes } = {};
    try {
      const received = await readMultipartUpload(request, {
        fileField: FILE_FIELD,
        maxFields: 40,
        maxFieldBytes: 8 * 1024,
        onFile: async (fields, part) => {
          const form = parseUploadFields(fields, FILE_FIELD);
          const placement = this.place(file, { ...form, today });
          const declared = { declaredMime: part.declaredMime, fileName: part.fileName };
          const checked = pipeline(part.stream, new EarlyTypeCheck(declared), () => undefined);
          held.staged = await this.storage.stage(checked, { maxBytes });
          return { form, placement, declared };
        },
      });
      const staged = held.staged as StagedBytes;
      if (staged.size === 0) throw new RequestValidationError([{ field: FILE_FIELD, message: 'the file is empty' }]);
      const sniffed = await sniffBlob(await staged.blob());
      const type = assertAcceptedType(sniffed, received.declared);
      const stored = await staged.commit();
      const { form, placement } = received;
      const fileName = safeFileName(received.declared.fileName, type.extensions[0]);
      const filedDto = await this.dataSource.transaction(async (manager) => {
        await this.repository.upsertStoredObject(manager, { sha256: stored.sha256, sizeBytes: stored.size, mimeType: type.mime, storageKey: stored.key });
        const proofId = await this.repository.insertProof(manager, {
          departmentId: file.departmentId,
          sha256: stored.sha256,
          sizeBytes: stored.size,
          mimeType: type.mime,
          storageKey: stored.key,
          fileName,
          kind: form.kind ?? 'document',
          effectiveDate: form.effectiveDate,
          description: form.description ?? null,
          uploadedByUserId: actor.userId,
        });
        const id = await this.insertLink(manager, file, proofId, placement, actor);
        await this.audit.record(manager, this.access.auditContext(actor, file.departmentId), {
          action: 'proof.uploaded',
          entityType: 'proof',
          entityId: proofId,
          departmentId: file.departmentId,
          after: {
            proofId,
            linkId: id,
            fileName,
            kind: form.kind ?? 'document',
            effectiveDate: form.effectiveDate,
            sha256: stored.sha256,
            sizeBytes: stored.size,
            mimeType: type.mime,
            bytesAlreadyStored: !stored.created,
            ...this.placementAudit(file, placement),
          },
        });
        const filed: FiledProofDto = { ...toFiledDto(await this.linkOrFail(manager, id)), filedIn: filedIn(placement) };
        if (idempotencyKey) await this.idempotency.remember(manager, actor.userId, idempotencyKey, scope, filed);
        return filed;
      });
      return filedDto;
    } catch (error) {
      await held.staged?.discard();
      // A twin with the same key committed first: this one rolled back; answer what the twin filed.
      if (error instanceof IdempotencyRaceLostError && idempotencyKey) return this.idempotency.replayAfterRace<FiledProofDto>(actor.userId, idempotencyKey, scope);
      if (error instanceof ObjectTooLargeError) throw new ProofTooLargeError(maxBytes);
      throw error;
    }
  }

  /**
   * Files an existing proof in another file (or year, or period): no second copy. The proof is the
   * file's department's, or another department's that the actor manages as well as this one (a
   * cooperative's regional training record, shared: each department reviews its own filing).
   */
  async link(actor: Actor, fileId: string, dto: LinkProofDto): Promise<FiledProofDto> {
    const file = await this.fileForFiling(actor, fileId);
    const proof = await this.repository.findProof(this.dataSource.manager, dto.proofId);
    if (!proof || !this.access.allows(actor, proof.department_id, READ_ROLES)) throw new NotFoundError('proof', dto.proofId);
    const shared = proof.department_id !== file.departmentId;
    if (shared && !(this.access.allows(actor, proof.department_id, MANAGE_ROLES) && this.access.allows(actor, file.departmentId, MANAGE_ROLES))) {
      throw new ForbiddenError("Sharing a proof with another department's file needs a manager (or an administrator) of both departments.");
    }
    const placement = this.place(file, { ...dto, effectiveDate: proof.effective_date, today: dayOf(this.clock.now()) });
    const linkId = await this.dataSource.transaction(async (manager) => {
      const id = await this.insertLink(manager, file, proof.proof_id, placement, actor);
      await this.audit.record(manager, this.access.auditContext(actor, file.departmentId), {
        action: shared ? 'proof.shared' : 'proof.linked',
        entityType: 'proof_link',
        entityId: id,
        departmentId: file.departmentId,
        after: { proofId: proof.proof_id, linkId: id, sha256: proof.sha256, ...(shared ? { fromDepartmentId: proof.department_id } : {}), ...this.placementAudit(file, placement) },
      });
      return id;
    });
    return { ...toFiledDto(await this.linkOrFail(this.dataSource.manager, linkId)), filedIn: filedIn(placement) };
  }

  /** Whether the filing is one of the file's (withdrawn or not). The caller has checked access to the file. */
  async linkBelongsToFile(linkId: string, fileId: string): Promise<boolean> {
    return this.repository.linkBelongsToFile(this.dataSource.manager, linkId, fileId);
  }

  async listForFile(actor: Actor, fileId: string, history: boolean): Promise<FileProofsDto> {
    const file = await this.repository.findFileContext(this.dataSource.manager, fileId);
    if (!file) throw new NotFoundError('standard file', fileId);
    const role = this.assertVisible(actor, file.departmentId, READ_ROLES, 'standard file', fileId);
    const anchor = cycleAnchor({ awardDate: file.awardDate, createdOn: file.departmentCreatedOn });
    const today = dayOf(this.clock.now());
    const current = cycleContaining(anchor.date, today, file.cycleYears);
    const since = visibleSince(today, file.cycleYears);
    const all = await this.repository.linksOfFile(this.dataSource.manager, fileId, current.startsOn, since, history);
    const rows = role === 'assessor' ? all.filter((r) => shownToAssessor(r.review_state, r.withdrawn_at !== null)).map(withoutInternalReasons) : all;
    const inCurrent = rows.filter((r) => r.cycle_starts_on === current.startsOn);
    const other = rows.filter((r) => r.cycle_starts_on !== current.startsOn).sort(newestFirst);
    return {
      standardFileId: file.id,
      standardNumber: file.standardNumber,
      cycle: {
        startsOn: current.startsOn,
        endsOn: current.endsOn,
        currentYear: current.yearOfDate,
        years: current.years.map((y) => ({ year: y.year, startsOn: y.startsOn, endsOn: y.endsOn })),
        anchoredOn: anchor.source,
        anchorDate: anchor.date,
      },
      years: current.years.map((y) => ({
        cycleYear: y.year,
        startsOn: y.startsOn,
        endsOn: y.endsOn,
        items: inCurrent.filter((r) => r.cycle_year === y.year).sort(newestFirst).map(toFiledDto),
      })),
      otherCycles: {
        visibleSince: since,
        note:
          `A new cycle keeps the last ${file.cycleYears} years of proofs visible (the length of the program's cycle): these were filed under another cycle and their effective date is within the last ${file.cycleYears} years.`,
        items: other.filter((r) => r.effective_date >= since).map(toFiledDto),
      },
      ...(history ? { history: other.map(toFiledDto) } : {}),
    };
  }

  async get(actor: Actor, proofId: string): Promise<ProofDetailDto> {
    const { proof, links } = await this.visibleProofWithLinks(actor, proofId);
    return { ...toProofDto(proof), links: links.map(toLinkDto) };
  }

  /**
   * The bytes with their sniffed type, a safe attachment name and the SHA-256 as ETag; a matching
   * If-None-Match answers 304. A single byte range (Range, honoured unless an If-Range names
   * another ETag) answers 206 with those bytes, streamed from the storage (either driver); a range
   * past the end answers 416. Every download that sends bytes is in the audit trail, recorded
   * before the first byte goes out.
   */
  async download(actor: Actor, proofId: string, options: { ifNoneMatch?: string; range?: string; ifRange?: string; headOnly: boolean }): Promise<ProofDownload> {
    const { proof } = await this.visibleProofWithLinks(actor, proofId);
    const etag = `"${proof.sha256}"`;
    const headers: Record<string, string> = {
      ETag: etag,
      'Cache-Control': 'private, no-store',
      'Accept-Ranges': 'bytes',
    };
    if (matchesEtag(options.ifNoneMatch, etag)) return { status: 304, headers };
    Object.assign(headers, {
      'Content-Type': proof.mime_type,
      'Content-Length': String(proof.size_bytes),
      'Content-Disposition': contentDispositionAttachment(proof.file_name),
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    const size = Number(proof.size_bytes);
    const range = options.ifRange === undefined || options.ifRange.trim() === etag ? requestedRange(options.range, size) : undefined;
    if (range === 'unsatisfiable') throw new RangeNotSatisfiableError(size);
    if (range) Object.assign(headers, { 'Content-Length': String(range.end - range.start + 1), 'Content-Range': `bytes ${range.start}-${range.end}/${size}` });
    const status = range ? 206 : 200;
    if (options.headOnly) return { status, headers };
    let body: Readable;
    try {
      body = await this.storage.open(proof.storage_key, range);
    } catch (error) {
      if (error instanceof ObjectMissingError) throw new ProofBytesMissingError(proofId);
      throw error;
    }
    try {
      await this.audit.recordStandalone(this.access.auditContext(actor, proof.department_id), {
        action: 'proof.downloaded',
        entityType: 'proof',
        entityId: proofId,
        departmentId: proof.department_id,
        after: { sha256: proof.sha256, fileName: proof.file_name, sizeBytes: size, ...(range ? { range: `${range.start}-${range.end}` } : {}) },
      });
    } catch (error) {
      body.destroy();
      throw error;
    }
    return { status, headers, body };
  }

  accept(actor: Actor, linkId: string, version: number): Promise<FiledProofDto> {
    return this.review(actor, linkId, version, 'accepted', null);
  }

  returnToUploader(actor: Actor, linkId: string, version: number, reason: string): Promise<FiledProofDto> {
    return this.review(actor, linkId, version, 'returned', reason);
  }

  /** Withdraws a filing: bytes and rows are kept, the filing no longer counts. */
  async withdraw(actor: Actor, linkId: string, version: number, reason: string): Promise<FiledProofDto> {
    return this.dataSource.transaction(async (manager) => {
      const link = await this.lockedLink(manager, actor, linkId, FILING_ROLES, version, (row, role) => {
        if (role === 'member' && (row.created_by_user_id !== actor.userId || row.review_state !== 'pending')) {
          throw new ForbiddenError('Team members may withdraw only the proofs they filed themselves, while those await review.');
        }
      });
      if (link.withdrawn_at) throw new ProofLinkStateError(`This proof was already withdrawn on ${link.withdrawn_at.toISOString().slice(0, 10)}.`);
      const at = this.clock.now();
      await this.repository.changeLink(manager, linkId, { kind: 'withdraw', reason, userId: actor.userId, at });
      await this.audit.record(manager, this.access.auditContext(actor, link.file_department_id), {
        action: 'proof.withdrawn',
        entityType: 'proof_link',
        entityId: linkId,
        departmentId: link.file_department_id,
        before: { withdrawn: false, reviewState: link.review_state, version: link.version },
        after: {
          withdrawn: true,
          withdrawReason: reason,
          withdrawnAt: at.toISOString(),
          proofId: link.proof_id,
          standardFileId: link.standard_file_id,
          version: link.version + 1,
        },
      });
      return toFiledDto(await this.linkOrFail(manager, linkId));
    });
  }

  private async review(actor: Actor, linkId: string, version: number, decision: Exclude<ReviewState, 'pending'>, reason: string | null): Promise<FiledProofDto> {
    return this.dataSource.transaction(async (manager) => {
      const link = await this.lockedLink(manager, actor, linkId, MANAGE_ROLES, version);
      if (link.withdrawn_at) throw new ProofLinkStateError('This proof was withdrawn: it can no longer be reviewed. File it again to have it reviewed.');
      if (link.review_state === decision) throw new ProofLinkStateError(`This proof is already ${decision}.`);
      await this.repository.changeLink(manager, linkId, { kind: 'review', reviewState: decision, reason, userId: actor.userId, at: this.clock.now() });
      await this.audit.record(manager, this.access.auditContext(actor, link.file_department_id), {
        action: decision === 'accepted' ? 'proof.accepted' : 'proof.returned',
        entityType: 'proof_link',
        entityId: linkId,
        departmentId: link.file_department_id,
        before: { reviewState: link.review_state, reviewReason: link.review_reason, version: link.version },
        after: { reviewState: decision, reviewReason: reason, proofId: link.proof_id, standardFileId: link.standard_file_id, version: link.version + 1 },
      });
      if (decision === 'returned') await this.mailReturned(manager, actor, link, reason ?? '');
      return toFiledDto(await this.linkOrFail(manager, linkId));
    });
  }

  /** Tells whoever filed the proof that it came back, and why (not a manager returning their own filing). */
  private async mailReturned(manager: EntityManager, actor: Actor, link: LinkRow, reason: string): Promise<void> {
    const filedBy = link.created_by_user_id ?? link.uploaded_by_user_id;
    if (!filedBy || filedBy === actor.userId) return;
    const [uploader] = await this.users.mailContacts(manager, [filedBy]);
    if (!uploader) return;
    await this.mail.enqueue(manager, this.access.auditContext(actor, link.file_department_id), {
      kind: 'proof-returned',
      to: { email: uploader.email, userId: uploader.id },
      departmentId: link.file_department_id,
      data: {
        name: uploader.displayName,
        proofName: link.file_name,
        standardNumber: link.standard_number,
        departmentName: await this.users.departmentName(manager, link.file_department_id),
        reason,
        returnedBy: actor.displayName,
        link: this.mail.link(`/department/${link.file_department_id}/files/${link.standard_file_id}`),
      },
    });
  }

  /**
   * The link, locked for the change, once the actor may act on it (department scoping, then
   * `check` for finer rules) and the version sent is the current one.
   */
  private async lockedLink(
    manager: EntityManager,
    actor: Actor,
    linkId: string,
    roles: readonly AccessRole[],
    version: number,
    check?: (link: LinkRow, role: AccessRole) => void,
  ): Promise<LinkRow> {
    const link = await this.repository.findLink(manager, linkId, { lock: true });
    if (!link) throw new NotFoundError('proof link', linkId);
    // A filing is reviewed and withdrawn by the department of its file (a shared proof's filings by each department apart).
    const role = this.assertVisible(actor, link.file_department_id, roles, 'proof link', linkId);
    check?.(link, role);
    if (link.version !== version) throw new StaleVersionError('proof link', version, link.version);
    return link;
  }

  /** The file a proof is being filed in, once the actor may file there (404 outside their departments). */
  private async fileForFiling(actor: Actor, fileId: string): Promise<FileContext> {
    const file = await this.repository.findFileContext(this.dataSource.manager, fileId);
    if (!file) throw new NotFoundError('standard file', fileId);
    const role = this.assertVisible(actor, file.departmentId, FILING_ROLES, 'standard file', fileId);
    if (role === 'member' && file.assigneeUserId !== actor.userId) {
      throw new ForbiddenError('Team members file proofs only in the standard files assigned to them; this one is not.');
    }
    return file;
  }

  /**
   * The proof and its filings as the actor may see them: the filings in files of departments the
   * actor can read (a proof shared with another department is seen by each with its own filings),
   * and to an assessor only a proof the agency accepted somewhere, with those filings alone.
   */
  private async visibleProofWithLinks(actor: Actor, proofId: string): Promise<{ proof: ProofRow; links: LinkRow[] }> {
    const proof = await this.repository.findProof(this.dataSource.manager, proofId);
    if (!proof) throw new NotFoundError('proof', proofId);
    const links = (await this.repository.linksOfProof(this.dataSource.manager, proofId)).filter((r) => this.access.allows(actor, r.file_department_id, READ_ROLES));
    // Seen through its own department, or through a department it was shared with (then with the actor's role there).
    const through = this.access.allows(actor, proof.department_id, READ_ROLES) ? proof.department_id : links[0]?.file_department_id;
    if (!through) throw new NotFoundError('proof', proofId);
    const role = this.assertVisible(actor, through, READ_ROLES, 'proof', proofId);
    if (role !== 'assessor') return { proof, links };
    const shown = links.filter((r) => shownToAssessor(r.review_state, r.withdrawn_at !== null)).map(withoutInternalReasons);
    if (shown.length === 0) throw new NotFoundError('proof', proofId);
    return { proof, links: shown };
  }

  /** Department scoping, answering "no such <what>" (not the department's id) outside the actor's departments. */
  private assertVisible(actor: Actor, departmentId: string, roles: readonly AccessRole[], what: string, id: string): AccessRole {
    try {
      return this.access.assert(actor, departmentId, roles);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError(what, id);
      throw error;
    }
  }

  private place(
    file: FileContext,
    input: { effectiveDate: string; cycleYear?: number; periodKey?: string; activityId?: string; bullets?: string[]; today: string },
  ): Placement {
    const placement = placeProof({
      anchor: cycleAnchor({ awardDate: file.awardDate, createdOn: file.departmentCreatedOn }).date,
      cycleYears: file.cycleYears,
      effectiveDate: input.effectiveDate,
      cycleYear: input.cycleYear,
      periodKey: input.periodKey,
      activityId: input.activityId,
      bullets: input.bullets,
      standard: { number: file.standardNumber, activities: file.activities, bullets: file.bullets },
      today: input.today,
    });
    if (isPlacementRefusal(placement)) {
      throw placement.status === 400 ? new RequestValidationError(placement.errors) : new ProofPlacementRefusedError(placement.errors, placement.dateFallsIn);
    }
    return placement;
  }

  private async insertLink(manager: EntityManager, file: FileContext, proofId: string, placement: Placement, actor: Actor): Promise<string> {
    // The placement counted cycles of the length read before the upload; the program row, held in
    // share mode until the commit, keeps that length from changing under the filing (ProgramsService
    // holds it for update while it counts the filings), and a length changed since refuses it.
    const cycleYears = await this.repository.lockCycleLength(manager, file.id);
    if (cycleYears !== file.cycleYears) {
      throw new ConflictError(`The program's cycle length changed from ${file.cycleYears} to ${cycleYears} years while the proof was being filed; nothing was filed. File it again to place it in the new cycle years.`);
    }
    const id = await this.repository.insertLink(manager, {
      proofId,
      standardFileId: file.id,
      cycleStartsOn: placement.cycle.startsOn,
      cycleYear: placement.cycleYear,
      periodKey: placement.periodKey,
      activityKey: placement.activity?.key ?? '',
      bullets: placement.bullets,
      createdByUserId: actor.userId,
    });
    if (!id) {
      throw new ProofAlreadyLinkedError(
        `This proof is already filed in standard ${file.standardNumber} for cycle year ${placement.cycleYear}${placement.activity && file.activities.length > 1 ? `, activity ${placement.activity.name}` : ''}${placement.periodKey ? `, period ${placement.periodKey}` : ''}.`,
      );
    }
    return id;
  }

  private placementAudit(file: FileContext, placement: Placement): Record<string, unknown> {
    return {
      standardFileId: file.id,
      standardNumber: file.standardNumber,
      cycleStartsOn: placement.cycle.startsOn,
      cycleYear: placement.cycleYear,
      periodKey: placement.periodKey || null,
      activityKey: placement.activity?.key ?? null,
      bullets: placement.bullets,
    };
  }

  private async linkOrFail(manager: EntityManager, linkId: string): Promise<LinkRow> {
    const link = await this.repository.findLink(manager, linkId);
    if (!link) throw new NotFoundError('proof link', linkId);
    return link;
  }
}
