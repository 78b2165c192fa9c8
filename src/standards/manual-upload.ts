import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, PayloadTooLargeException, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiPayloadTooLargeResponse } from '@nestjs/swagger';
import { catchError, Observable, throwError } from 'rxjs';
import { ImportManualFormDto } from './dto/manual.dto';
import { ManualFileTooLargeError } from './standards.errors';

export const MANUAL_FILE_MAX_BYTES = 5 * 1024 * 1024;

/** What multer hands over for the uploaded manual (kept in memory: no storage engine is set). */
export interface UploadedManualFile {
  buffer: Buffer;
  originalname: string;
  size: number;
}

/** Says how large a manual may be, instead of multer's bare "File too large". */
@Injectable()
export class ManualFileLimitInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(
        catchError((error: unknown) =>
          throwError(() => (error instanceof PayloadTooLargeException ? new ManualFileTooLargeError(MANUAL_FILE_MAX_BYTES) : error)),
        ),
      );
  }
}

/** Multipart upload of one manual file (field `file`) with the ImportManualDto form fields. */
export const ManualUpload = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(
      ManualFileLimitInterceptor,
      FileInterceptor('file', { limits: { fileSize: MANUAL_FILE_MAX_BYTES, files: 1, fields: 20 } }),
    ),
    ApiConsumes('multipart/form-data'),
    ApiBody({ type: ImportManualFormDto }),
    ApiPayloadTooLargeResponse({ description: `The file is larger than ${MANUAL_FILE_MAX_BYTES / (1024 * 1024)} MB` }),
  );
