import { applyDecorators, CallHandler, ExecutionContext, mixin, NestInterceptor, PayloadTooLargeException, Type, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiPayloadTooLargeResponse } from '@nestjs/swagger';
import { catchError, Observable, throwError } from 'rxjs';
import { ImportCrosswalkFormDto } from './dto/crosswalk.dto';
import { ImportManualFormDto } from './dto/manual.dto';
import { ImportFileTooLargeError } from './standards.errors';

/** The size limit of every catalogue import (a manual, a crosswalk). */
export const MANUAL_FILE_MAX_BYTES = 5 * 1024 * 1024;

/** What multer hands over for an uploaded import file (kept in memory: no storage engine is set). */
export interface UploadedManualFile {
  buffer: Buffer;
  originalname: string;
  size: number;
}

/** Says how large the file may be (naming what it is and its usual size), instead of multer's bare "File too large". */
function importFileLimitInterceptor(what: string, usualSize: string): Type<NestInterceptor> {
  class ImportFileLimitInterceptor implements NestInterceptor {
    intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
      return next
        .handle()
        .pipe(
          catchError((error: unknown) =>
            throwError(() => (error instanceof PayloadTooLargeException ? new ImportFileTooLargeError(what, MANUAL_FILE_MAX_BYTES, usualSize) : error)),
          ),
        );
    }
  }
  return mixin(ImportFileLimitInterceptor);
}

/**
 * Multipart upload of one catalogue import file (field `file`, at most MANUAL_FILE_MAX_BYTES) with
 * the form fields `form` documents; `what` and `usualSize` word the 413.
 */
export const ImportFileUpload = (form: Type<unknown>, what: string, usualSize: string): MethodDecorator =>
  applyDecorators(
    UseInterceptors(
      importFileLimitInterceptor(what, usualSize),
      FileInterceptor('file', { limits: { fileSize: MANUAL_FILE_MAX_BYTES, files: 1, fields: 20 } }),
    ),
    ApiConsumes('multipart/form-data'),
    ApiBody({ type: form }),
    ApiPayloadTooLargeResponse({ description: `The file is larger than ${MANUAL_FILE_MAX_BYTES / (1024 * 1024)} MB` }),
  );

/** Multipart upload of one manual file (field `file`) with the ImportManualDto form fields. */
export const ManualUpload = (): MethodDecorator => ImportFileUpload(ImportManualFormDto, 'A manual file', 'a full CALEA manual as CSV is well under 1 MB');

/** Multipart upload of one crosswalk CSV (field `file`), with the manual import's limits. */
export const CrosswalkUpload = (): MethodDecorator => ImportFileUpload(ImportCrosswalkFormDto, 'A crosswalk file', 'a crosswalk of 500 pairs is about 20 KB');
