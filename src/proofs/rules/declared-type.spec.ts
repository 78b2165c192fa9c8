import { ALLOWED_PROOF_TYPES, checkDeclaredType, DeclaredTypeCheck, ProofType } from './declared-type';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('ALLOWED_PROOF_TYPES', () => {
  it.each<[ProofType['id'], string, string[]]>([
    ['pdf', 'application/pdf', ['pdf']],
    ['png', 'image/png', ['png']],
    ['jpeg', 'image/jpeg', ['jpg', 'jpeg']],
    ['tiff', 'image/tiff', ['tif', 'tiff']],
    ['docx', DOCX, ['docx']],
    ['xlsx', XLSX, ['xlsx']],
    ['mp4', 'video/mp4', ['mp4']],
  ])('%s is %s with %j', (id, mime, extensions) => {
    expect(ALLOWED_PROOF_TYPES.find((t) => t.id === id)).toMatchObject({ mime, extensions });
  });

  it('has exactly these seven', () => {
    expect(ALLOWED_PROOF_TYPES).toHaveLength(7);
  });
});

/** Matches a reason containing `text`. */
const part = (text: string): RegExp => new RegExp(text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));

describe('checkDeclaredType', () => {
  it.each<[string | undefined, string | undefined, string, ProofType['id']]>([
    ['application/pdf', 'application/pdf', 'report.pdf', 'pdf'],
    ['application/pdf', undefined, 'report.pdf', 'pdf'],
    ['application/pdf', '', 'report.pdf', 'pdf'],
    ['application/pdf', 'application/octet-stream', 'report.pdf', 'pdf'],
    ['application/pdf', 'Application/PDF; charset=binary', 'REPORT.PDF', 'pdf'],
    ['application/pdf', 'application/x-pdf', 'report.pdf', 'pdf'],
    ['application/pdf', 'application/pdf', 'scan without extension', 'pdf'],
    ['application/pdf', 'application/pdf', '../../tmp/report.pdf', 'pdf'],
    ['image/png', 'image/png', 'photo.png', 'png'],
    ['image/png', 'image/x-png', 'photo.PNG', 'png'],
    ['image/jpeg', 'image/jpeg', 'photo.jpg', 'jpeg'],
    ['image/jpeg', 'image/jpg', 'photo.jpeg', 'jpeg'],
    ['image/jpeg', 'image/pjpeg', 'photo.JPG', 'jpeg'],
    ['image/tiff', 'image/tiff', 'fax.tif', 'tiff'],
    ['image/tiff', undefined, 'fax.tiff', 'tiff'],
    [DOCX, DOCX, 'directive.docx', 'docx'],
    [DOCX, 'application/octet-stream', 'directive.docx', 'docx'],
    [XLSX, XLSX, 'stats.xlsx', 'xlsx'],
    ['video/mp4', 'video/mp4', 'bodycam.mp4', 'mp4'],
  ])('sniffed %s, declared %j, named %j: accepted as %s', (sniffedMime, declaredMime, fileName, id) => {
    const result = checkDeclaredType({ sniffedMime, declaredMime, fileName });
    expect(result).toEqual({ ok: true, type: ALLOWED_PROOF_TYPES.find((t) => t.id === id) });
  });

  it.each<[string | undefined, string | undefined, string, Extract<DeclaredTypeCheck, { ok: false }>['code'], string | RegExp]>([
    [undefined, 'application/pdf', 'report.pdf', 'unrecognised', "The file's content is not a type we recognise. Accepted: PDF, PNG, JPEG, TIFF, Word (.docx), Excel (.xlsx), MP4."],
    ['', 'application/pdf', 'report.pdf', 'unrecognised', "The file's content is not a type we recognise. Accepted: PDF, PNG, JPEG, TIFF, Word (.docx), Excel (.xlsx), MP4."],
    ['application/octet-stream', undefined, 'report.pdf', 'unrecognised', "The file's content is not a type we recognise. Accepted: PDF, PNG, JPEG, TIFF, Word (.docx), Excel (.xlsx), MP4."],
    ['application/x-msdownload', 'application/pdf', 'report.pdf', 'not_allowed', 'Files of type application/x-msdownload are not accepted. Accepted: PDF, PNG, JPEG, TIFF, Word (.docx), Excel (.xlsx), MP4.'],
    ['image/gif', 'image/gif', 'animation.gif', 'not_allowed', 'Files of type image/gif are not accepted. Accepted: PDF, PNG, JPEG, TIFF, Word (.docx), Excel (.xlsx), MP4.'],
    ['application/msword', 'application/msword', 'old.doc', 'not_allowed', part('application/msword are not accepted')],
    ['video/quicktime', 'video/quicktime', 'clip.mov', 'not_allowed', part('video/quicktime are not accepted')],
    // a sniffer's alias is not the canonical type
    ['image/jpg', 'image/jpeg', 'photo.jpg', 'not_allowed', part('image/jpg are not accepted')],
    ['application/zip', DOCX, 'directive.docx', 'plain_zip', 'The file is a ZIP archive, not a Word (.docx) or Excel (.xlsx) document; ZIP archives are not accepted. Accepted: PDF, PNG, JPEG, TIFF, Word (.docx), Excel (.xlsx), MP4.'],
    ['application/zip', undefined, 'stats.xlsx', 'plain_zip', part('ZIP archive')],
    ['application/zip', 'application/zip', 'evidence.zip', 'plain_zip', part('ZIP archive')],
    ['application/pdf', 'image/png', 'report.pdf', 'declared_mismatch', 'The file was sent as image/png, but its content is PDF (application/pdf).'],
    ['image/png', 'image/jpeg', 'photo.png', 'declared_mismatch', 'The file was sent as image/jpeg, but its content is PNG (image/png).'],
    [DOCX, XLSX, 'directive.docx', 'declared_mismatch', `The file was sent as ${XLSX}, but its content is Word (.docx) (${DOCX}).`],
    ['application/pdf', 'text/plain', 'report.pdf', 'declared_mismatch', part('sent as text/plain')],
    ['application/pdf', 'application/pdf', 'report.exe', 'extension_mismatch', 'The file name ends in .exe, but its content is PDF; expected .pdf.'],
    ['image/jpeg', 'image/jpeg', 'photo.png', 'extension_mismatch', 'The file name ends in .png, but its content is JPEG; expected .jpg or .jpeg.'],
    ['image/tiff', undefined, 'fax.pdf', 'extension_mismatch', 'The file name ends in .pdf, but its content is TIFF; expected .tif or .tiff.'],
    [XLSX, XLSX, 'stats.docx', 'extension_mismatch', 'The file name ends in .docx, but its content is Excel (.xlsx); expected .xlsx.'],
    ['application/pdf', 'application/pdf', 'invoice\u202Efdp.exe', 'extension_mismatch', part('ends in .exe')],
    ['application/pdf', undefined, 'report.pdf.exe', 'extension_mismatch', part('ends in .exe')],
  ])('sniffed %s, declared %j, named %j: refused (%s)', (sniffedMime, declaredMime, fileName, code, reason) => {
    const result = checkDeclaredType({ sniffedMime, declaredMime, fileName });
    if (result.ok) throw new Error('accepted');
    expect(result.code).toBe(code);
    if (typeof reason === 'string') expect(result.reason).toBe(reason);
    else expect(result.reason).toMatch(reason);
  });
});
