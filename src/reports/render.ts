import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pageCount } from './pdf/document';
import { renderDepartmentReadiness } from './render-department-readiness';
import { renderFileReview } from './render-file-review';
import { renderFootprint } from './render-footprint';
import { renderAssessment } from './render-assessment';
import type { ReportTemplate } from './report-template';
import type { ReportKind, ReportViewModelByKind } from './view-models';

/**
 * One entry point over the four renderers, and the two ways out of them: into any Writable
 * (an HTTP response, a storage upload) or into a file written atomically. Both hash the bytes on
 * the way, so the caller can record which report was handed out.
 */

export interface RenderResult {
  /** Hex SHA-256 of the PDF bytes. */
  sha256: string;
  bytes: number;
  pages: number;
}

/** The ended pdfkit document of `kind`: a Readable stream of the PDF. */
export function renderReport<K extends ReportKind>(kind: K, vm: ReportViewModelByKind[K], template: ReportTemplate<K>): PDFKit.PDFDocument {
  if (vm.kind !== kind) throw new Error(`A ${kind} report was asked for with a "${vm.kind}" view model.`);
  // The casts narrow vm and template: TypeScript does not narrow them through a switch on the generic kind.
  switch (kind) {
    case 'department-readiness':
      return renderDepartmentReadiness(vm as ReportViewModelByKind['department-readiness'], template as ReportTemplate<'department-readiness'>);
    case 'file-review':
      return renderFileReview(vm as ReportViewModelByKind['file-review'], template as ReportTemplate<'file-review'>);
    case 'footprint':
      return renderFootprint(vm as ReportViewModelByKind['footprint'], template as ReportTemplate<'footprint'>);
    case 'assessment':
      return renderAssessment(vm as ReportViewModelByKind['assessment'], template as ReportTemplate<'assessment'>);
  }
}

/** Counts and hashes what passes through. */
function digestTap(): { tap: Transform; result: () => { sha256: string; bytes: number } } {
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  return { tap, result: () => ({ sha256: hash.digest('hex'), bytes }) };
}

async function pipeDocument(doc: PDFKit.PDFDocument, out: Writable): Promise<RenderResult> {
  const pages = pageCount(doc);
  const { tap, result } = digestTap();
  await pipeline(doc, tap, out);
  return { ...result(), pages };
}

/** Renders into `out` (ended when done, as pipeline does) and resolves once it has flushed. */
export async function renderReportToStream<K extends ReportKind>(
  kind: K,
  vm: ReportViewModelByKind[K],
  template: ReportTemplate<K>,
  out: Writable,
): Promise<RenderResult> {
  return pipeDocument(renderReport(kind, vm, template), out);
}

/** A temporary file beside `outputPath`, unique to this process and moment, for its bytes until they are complete. */
export const partPathFor = (outputPath: string): string =>
  join(dirname(outputPath), `.${basename(outputPath)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.part`);

/**
 * Renders into `outputPath` through a temporary file in the same folder, renamed into place once
 * complete, so a reader never sees half a PDF; the temporary file is removed on failure.
 */
export async function renderReportToFile<K extends ReportKind>(
  kind: K,
  vm: ReportViewModelByKind[K],
  template: ReportTemplate<K>,
  outputPath: string,
  tempPath: string = partPathFor(outputPath),
): Promise<RenderResult> {
  // Drawn before the file is opened: a view model the renderer refuses leaves nothing behind.
  const doc = renderReport(kind, vm, template);
  try {
    const result = await pipeDocument(doc, createWriteStream(tempPath, { flags: 'wx', flush: true }));
    await rename(tempPath, outputPath);
    return result;
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
}
