import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiHeader,
  ApiCreatedResponse,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream';
import { LongUpload } from '../common/http/slow-clients';
import { IDEMPOTENCY_HEADER, IdempotencyService } from '../idempotency/idempotency.service';
import { Access, CurrentActor } from '../identity/access/access.decorator';
import type { Actor } from '../identity/access/actor';
import {
  FiledProofDto,
  FileProofsDto,
  FileProofsQueryDto,
  LinkProofDto,
  ProofDetailDto,
  ReasonedReviewProofDto,
  ReviewProofDto,
  UploadProofFormDto,
} from './dto/proof.dto';
import { ProofsService } from './proofs.service';
import { Idempotent } from '../idempotency/idempotent.decorator';

/** Proofs filed in one standard file. */
@ApiTags('proofs')
@Controller('files/:fileId/proofs')
export class FileProofsController {
  constructor(
    private readonly proofs: ProofsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @Access.roles('admin', 'manager', 'member')
  @ApiOperation({
    summary: 'Upload a proof into a file (managers; members in files assigned to them)',
    description:
      'multipart/form-data, streamed: the fields first, the file last. The type is sniffed from the bytes (PDF, PNG, JPEG, TIFF, DOCX, XLSX, MP4) and must agree with the declared type and the extension.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadProofFormDto })
  @ApiCreatedResponse({ type: FiledProofDto })
  @ApiPayloadTooLargeResponse({ description: 'Larger than UPLOAD_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not an accepted type, or the declared type or extension disagrees with the bytes' })
  @ApiConflictResponse({ description: "The program's cycle length changed while the proof was being uploaded: nothing is filed" })
  @ApiHeader({
    name: IDEMPOTENCY_HEADER,
    required: false,
    description: 'A key of your choosing (a UUID): a retry with the same key returns the first answer and files nothing new',
  })
  @LongUpload()
  upload(@CurrentActor() actor: Actor, @Param('fileId', new ParseUUIDPipe()) fileId: string, @Req() request: Request): Promise<FiledProofDto> {
    return this.proofs.upload(actor, fileId, request, this.idempotency.parseKey(request.headers[IDEMPOTENCY_HEADER.toLowerCase()]));
  }

  @Post('link')
  @Idempotent()
  @Access.roles('admin', 'manager', 'member')
  @ApiOperation({
    summary: 'File an existing proof in this file too, without a second copy',
    description:
      "The proof is the department's own (any of its programs' files), or another department's that you manage as well as this one: a shared proof, audited as proof.shared, seen and reviewed by each department in its own filing.",
  })
  @ApiCreatedResponse({ type: FiledProofDto })
  @ApiConflictResponse({ description: "Already filed in this file, cycle year and period; or the program's cycle length changed meanwhile" })
  link(@CurrentActor() actor: Actor, @Param('fileId', new ParseUUIDPipe()) fileId: string, @Body() dto: LinkProofDto): Promise<FiledProofDto> {
    return this.proofs.link(actor, fileId, dto);
  }

  @Get()
  @Access.roles('admin', 'manager', 'member', 'chief', 'assessor')
  @ApiOperation({
    summary: "The file's proofs by cycle year, newest first, withdrawn ones marked; proofs of the last cycle's length in years (four in CALEA's) filed under an earlier cycle stay listed",
  })
  @ApiOkResponse({ type: FileProofsDto })
  list(@CurrentActor() actor: Actor, @Param('fileId', new ParseUUIDPipe()) fileId: string, @Query() query: FileProofsQueryDto): Promise<FileProofsDto> {
    return this.proofs.listForFile(actor, fileId, query.history ?? false);
  }
}

@ApiTags('proofs')
@Controller('proofs')
export class ProofsController {
  constructor(private readonly proofs: ProofsService) {}

  @Get(':id')
  @Access.roles('admin', 'manager', 'member', 'chief', 'assessor')
  @ApiOperation({ summary: "A proof's metadata and every file it is filed in" })
  @ApiOkResponse({ type: ProofDetailDto })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProofDetailDto> {
    return this.proofs.get(actor, id);
  }

  @Get(':id/content')
  @Access.roles('admin', 'manager', 'member', 'chief', 'assessor')
  @ApiOperation({ summary: 'Download the bytes (ETag = SHA-256; If-None-Match answers 304; one Range answers 206, If-Range honoured); every download is audited' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The bytes, with their sniffed Content-Type and an attachment Content-Disposition' })
  @ApiNotModifiedResponse({ description: 'If-None-Match holds the ETag' })
  @ApiResponse({ status: 206, description: 'The one byte range asked for (Range: bytes=first-last), with Content-Range' })
  @ApiResponse({ status: 416, description: 'The range starts past the end: problem+json, with Content-Range: bytes */size' })
  async content(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const download = await this.proofs.download(actor, id, {
      ifNoneMatch: request.header('if-none-match'),
      range: request.header('range'),
      ifRange: request.header('if-range'),
      headOnly: request.method === 'HEAD',
    });
    response.status(download.status).set(download.headers);
    if (!download.body) {
      response.end();
      return;
    }
    // A storage error mid-stream can only cut the connection: the headers are gone.
    pipeline(download.body, response, () => undefined);
  }
}

@ApiTags('proofs')
@Controller('proof-links')
export class ProofLinksController {
  constructor(private readonly proofs: ProofsService) {}

  @Post(':id/accept')
  @HttpCode(200)
  @Access.roles('admin', 'manager')
  @ApiOperation({ summary: 'Accept a filed proof (managers)' })
  @ApiOkResponse({ type: FiledProofDto })
  accept(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ReviewProofDto): Promise<FiledProofDto> {
    return this.proofs.accept(actor, id, dto.version);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Access.roles('admin', 'manager')
  @ApiOperation({ summary: 'Return a filed proof to its uploader with a reason (managers)' })
  @ApiOkResponse({ type: FiledProofDto })
  returnToUploader(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ReasonedReviewProofDto): Promise<FiledProofDto> {
    return this.proofs.returnToUploader(actor, id, dto.version, dto.reason);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Access.roles('admin', 'manager', 'member')
  @ApiOperation({ summary: 'Withdraw a filed proof with a reason: bytes and history are kept (managers; the member who filed it while it awaits review)' })
  @ApiOkResponse({ type: FiledProofDto })
  withdraw(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ReasonedReviewProofDto): Promise<FiledProofDto> {
    return this.proofs.withdraw(actor, id, dto.version, dto.reason);
  }
}
