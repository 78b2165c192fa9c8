// An S3-protocol server for the tests and benchmarks: s3rver (from npm) on a free port, its
// objects in a temporary folder, one bucket made at start. Run as a plain Node process (spawned by
// global-setup.ts), it prints one JSON line {endpoint, bucket, accessKeyId, secretAccessKey, directory}
// once it listens, and stops (removing its folder) on SIGTERM.
//
// s3rver 3.7 answers NotImplemented to three multipart calls every S3-compatible service has and the
// driver's sweep uses: ListMultipartUploads (GET /bucket?uploads), ListParts (GET /bucket/key?uploadId=)
// and AbortMultipartUpload (DELETE /bucket/key?uploadId=). They are answered here from s3rver's own
// upload folders (<directory>/<bucket>/._S3rver_uploads/<uploadId>/{key,metadata,1,2,...}); every
// other request goes to s3rver unchanged.
import { createServer } from 'node:http';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

const bucket = process.env.S3_TEST_BUCKET ?? 'calea-test';
const directory = await mkdtemp(join(tmpdir(), 'calea-s3-'));
const s3rver = new S3rver({ directory, silent: true, configureBuckets: [{ name: bucket }] });
await s3rver.configureBuckets();
const handle = s3rver.callback();

const escapeXml = (text) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
const uploadsDir = (name) => join(directory, name, '._S3rver_uploads');

function sendXml(res, status, body) {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(xml) });
  res.end(xml);
}

const noSuchUpload = (res, id) => sendXml(res, 404, `<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${escapeXml(id)}</UploadId></Error>`);

async function uploadOf(name, id) {
  if (!/^[0-9a-f]+$/.test(id)) return undefined;
  const dir = join(uploadsDir(name), id);
  try {
    const key = (await readFile(join(dir, 'key'))).toString();
    return { dir, key, initiated: (await stat(join(dir, 'key'))).mtime };
  } catch {
    return undefined;
  }
}

async function listUploads(res, name, prefix) {
  const ids = await readdir(uploadsDir(name)).catch(() => []);
  const rows = [];
  for (const id of ids) {
    const upload = await uploadOf(name, id);
    if (!upload || !upload.key.startsWith(prefix)) continue;
    rows.push(`<Upload><Key>${escapeXml(upload.key)}</Key><UploadId>${id}</UploadId><Initiated>${upload.initiated.toISOString()}</Initiated><StorageClass>STANDARD</StorageClass></Upload>`);
  }
  sendXml(res, 200, `<ListMultipartUploadsResult><Bucket>${escapeXml(name)}</Bucket><Prefix>${escapeXml(prefix)}</Prefix><IsTruncated>false</IsTruncated>${rows.join('')}</ListMultipartUploadsResult>`);
}

async function listParts(res, name, id) {
  const upload = await uploadOf(name, id);
  if (!upload) return noSuchUpload(res, id);
  const parts = [];
  for (const file of await readdir(upload.dir)) {
    if (!/^\d+$/.test(file)) continue;
    const info = await stat(join(upload.dir, file));
    parts.push({ number: Number(file), info });
  }
  parts.sort((a, b) => a.number - b.number);
  const rows = parts.map((p) => `<Part><PartNumber>${p.number}</PartNumber><LastModified>${p.info.mtime.toISOString()}</LastModified><Size>${p.info.size}</Size></Part>`);
  sendXml(res, 200, `<ListPartsResult><Bucket>${escapeXml(name)}</Bucket><Key>${escapeXml(upload.key)}</Key><UploadId>${id}</UploadId><IsTruncated>false</IsTruncated>${rows.join('')}</ListPartsResult>`);
}

async function abortUpload(res, name, id) {
  const upload = await uploadOf(name, id);
  if (!upload) return noSuchUpload(res, id);
  await rm(upload.dir, { recursive: true, force: true });
  res.writeHead(204).end();
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const [, name, ...rest] = url.pathname.split('/');
  const key = rest.join('/');
  const uploadId = url.searchParams.get('uploadId');
  let answer;
  if (req.method === 'GET' && name && !key && url.searchParams.has('uploads')) answer = listUploads(res, name, url.searchParams.get('prefix') ?? '');
  else if (req.method === 'GET' && name && key && uploadId !== null && !url.searchParams.has('partNumber')) answer = listParts(res, name, uploadId);
  else if (req.method === 'DELETE' && name && key && uploadId !== null) answer = abortUpload(res, name, uploadId);
  if (!answer) return handle(req, res);
  req.resume();
  answer.catch((error) => {
    res.destroy(error);
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`${JSON.stringify({ endpoint: `http://127.0.0.1:${port}`, bucket, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', directory })}\n`);
});

async function stop() {
  server.close();
  server.closeAllConnections();
  await rm(directory, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// The parent (jest's global set-up) going away ends the server too.
process.stdin.on('end', () => void stop());
process.stdin.resume();
