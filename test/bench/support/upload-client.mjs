// The proof upload bench's HTTP client, run as its own process so the bench process's resident
// memory is the service's alone. It streams one file as a multipart/form-data body written by
// hand (the form fields, the file part's headers, the bytes straight from a read stream, the
// closing boundary), never holding the body in memory, and prints one JSON line:
// { status, ms, sentBytes, body } where ms runs from the first byte sent to the last byte of the
// answer received.
//
//   node upload-client.mjs <url> <bearer token> <file> <fields as JSON> <file name> <content type>
import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const [url, token, path, fieldsJson, fileName, contentType] = process.argv.slice(2);
if (!contentType) {
  process.stderr.write('usage: node upload-client.mjs <url> <token> <file> <fields JSON> <file name> <content type>\n');
  process.exit(2);
}

const boundary = `----calea-bench-${randomBytes(12).toString('hex')}`;
let head = '';
for (const [name, value] of Object.entries(JSON.parse(fieldsJson))) {
  head += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
}
head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`;
const prefix = Buffer.from(head, 'utf8');
const suffix = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
const length = prefix.length + statSync(path).size + suffix.length;

async function* body() {
  yield prefix;
  yield* createReadStream(path);
  yield suffix;
}

const start = performance.now();
const request = http.request(url, {
  method: 'POST',
  headers: {
    Authorization: `Bearer ${token}`,
    'Content-Type': `multipart/form-data; boundary=${boundary}`,
    'Content-Length': String(length),
  },
});
const answer = new Promise((resolve, reject) => {
  request.on('response', (response) => {
    const chunks = [];
    response.on('data', (chunk) => chunks.push(chunk));
    response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
    response.on('error', reject);
  });
  request.on('error', reject);
});
// An early answer (e.g. a 413) may close the connection mid-body: the answer is what matters.
const sent = pipeline(Readable.from(body()), request).catch(() => undefined);
const { status, text } = await answer;
const ms = performance.now() - start;
await sent;
let parsed;
try {
  parsed = JSON.parse(text);
} catch {
  parsed = text;
}
process.stdout.write(`${JSON.stringify({ status, ms, sentBytes: length, body: parsed })}\n`);
