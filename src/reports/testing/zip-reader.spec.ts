import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import archiver from 'archiver';
import { readZip } from './zip-reader';

/** A ZIP as the binder writes it (archiver): a stored entry and a deflated one. */
async function zipOf(files: { name: string; data: Buffer; store: boolean }[]): Promise<Buffer> {
  const archive = archiver('zip', { zlib: { level: 6 } });
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    archive.on('error', reject);
  });
  archive.pipe(sink);
  for (const f of files) archive.append(f.data, { name: f.name, store: f.store });
  await archive.finalize();
  await done;
  return Buffer.concat(chunks);
}

describe('readZip', () => {
  const stored = randomBytes(4000);
  const text = Buffer.from('Résumé — a line of text that deflates well. '.repeat(200), 'utf8');
  let zip: Buffer;
  beforeAll(async () => {
    zip = await zipOf([
      { name: 'proofs/Résumé.pdf', data: stored, store: true },
      { name: 'manifest.json', data: text, store: false },
    ]);
  });

  it('lists the entries in order, with their methods, sizes and bytes', async () => {
    const entries = await readZip(zip);
    expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
      ['proofs/Résumé.pdf', 0, stored.length],
      ['manifest.json', 8, text.length],
    ]);
    expect(entries[0].data.equals(stored)).toBe(true);
    expect(entries[1].data.equals(text)).toBe(true);
    expect(entries[1].compressedSize).toBeLessThan(text.length);
  });

  it('rejects a stored entry whose bytes do not match its CRC-32', async () => {
    const corrupt = Buffer.from(zip);
    corrupt[zip.indexOf(stored) + 1000] ^= 0x01;
    await expect(readZip(corrupt)).rejects.toThrow('proofs/Résumé.pdf: CRC-32 mismatch');
  });

  it('rejects a deflated entry whose compressed bytes were changed', async () => {
    const entries = await readZip(zip);
    const corrupt = Buffer.from(zip);
    // The deflated data sits between the second local header (30 bytes + name) and the central directory.
    const start = zip.indexOf(Buffer.from('manifest.json')) + 'manifest.json'.length;
    corrupt[start + Math.floor(entries[1].compressedSize / 2)] ^= 0x55;
    await expect(readZip(corrupt)).rejects.toThrow(/^manifest\.json: /);
  });

  it('rejects a truncated archive', async () => {
    await expect(readZip(zip.subarray(0, zip.length - 30))).rejects.toThrow();
  });
});
