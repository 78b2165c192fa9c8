import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { LocalProofStorage } from './local-proof-storage';
import { contentAddress, isContentAddress, ObjectMissingError, ObjectTooLargeError } from './proof-storage';

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

/** A source that sends `chunks`, then fails as a dropped connection does. */
function failingSource(chunks: Buffer[]): Readable {
  let i = 0;
  return new Readable({
    read() {
      if (i < chunks.length) this.push(chunks[i++]);
      else this.destroy(new Error('aborted'));
    },
  });
}

describe('LocalProofStorage', () => {
  let root: string;
  let storage: LocalProofStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'calea-proof-storage-'));
    storage = new LocalProofStorage(root);
    await storage.prepare();
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores bytes at their content address, hashed and counted on the way', async () => {
    const bytes = Buffer.from('%PDF-1.4 evidence of the annual review');
    const stored = await storage.put(Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]), { maxBytes: 1024 });
    expect(stored).toEqual({ sha256: sha256(bytes), size: bytes.length, key: contentAddress(sha256(bytes)), created: true });
    expect(stored.key).toBe(`objects/${stored.sha256.slice(0, 2)}/${stored.sha256.slice(2, 4)}/${stored.sha256}`);
    expect(await readFile(join(root, stored.key))).toEqual(bytes);
    expect(await listFiles(root)).toEqual([stored.key]);
    expect(await storage.exists(stored.key)).toBe(true);
    expect(await text(await storage.open(stored.key))).toBe(bytes.toString());
  });

  it('keeps identical bytes once', async () => {
    const first = await storage.put(Readable.from([Buffer.from('same bytes')]), { maxBytes: 1024 });
    const second = await storage.put(Readable.from([Buffer.from('same '), Buffer.from('bytes')]), { maxBytes: 1024 });
    expect(second).toEqual({ ...first, created: false });
    expect(await listFiles(root)).toEqual([first.key]);
  });

  it('stops past the size limit and keeps nothing', async () => {
    const source = Readable.from([Buffer.alloc(600), Buffer.alloc(600)]);
    await expect(storage.put(source, { maxBytes: 1000 })).rejects.toBeInstanceOf(ObjectTooLargeError);
    expect(await listFiles(root)).toEqual([]);
  });

  it('accepts exactly the size limit', async () => {
    const stored = await storage.put(Readable.from([Buffer.alloc(1000, 1)]), { maxBytes: 1000 });
    expect(stored.size).toBe(1000);
  });

  it('removes the temp file when the source fails mid-stream', async () => {
    await expect(storage.stage(failingSource([Buffer.alloc(64 * 1024), Buffer.alloc(64 * 1024)]), { maxBytes: 1 << 20 })).rejects.toThrow('aborted');
    expect(await listFiles(root)).toEqual([]);
  });

  it('stages bytes out of sight until they are committed, and discards them on request', async () => {
    const staged = await storage.stage(Readable.from([Buffer.from('staged')]), { maxBytes: 100 });
    expect(staged).toMatchObject({ sha256: sha256('staged'), size: 6 });
    expect(await text(staged.read())).toBe('staged');
    expect(await (await staged.blob()).text()).toBe('staged');
    expect((await listFiles(root)).every((f) => f.startsWith('tmp/'))).toBe(true);
    expect(await storage.exists(contentAddress(staged.sha256))).toBe(false);
    await staged.discard();
    await staged.discard();
    expect(await listFiles(root)).toEqual([]);

    const kept = await storage.stage(Readable.from([Buffer.from('kept')]), { maxBytes: 100 });
    const stored = await kept.commit();
    await kept.discard();
    expect(await listFiles(root)).toEqual([stored.key]);
  });

  it('sweeps temp files left by a crash, not uploads in progress', async () => {
    const stale = join(root, 'tmp', 'crashed.part');
    const fresh = join(root, 'tmp', 'in-progress.part');
    await writeFile(stale, 'half a file');
    await writeFile(fresh, 'still arriving');
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    await utimes(stale, hourAgo, hourAgo);
    await expect(storage.sweep()).resolves.toBe(1);
    expect(await listFiles(root)).toEqual(['tmp/in-progress.part']);
  });

  it('refuses keys that are not content addresses, and says when an object is missing', async () => {
    await expect(storage.open('../../etc/passwd')).rejects.toBeInstanceOf(RangeError);
    await expect(storage.exists('objects/../../x')).rejects.toBeInstanceOf(RangeError);
    await expect(storage.open(contentAddress('a'.repeat(64)))).rejects.toBeInstanceOf(ObjectMissingError);
    expect(isContentAddress(contentAddress('ab'.repeat(32)))).toBe(true);
    expect(isContentAddress(`objects/cd/ab/${'ab'.repeat(32)}`)).toBe(false);
  });

  it('lists stored objects and sets one aside, kept, out of the store', async () => {
    const stored = await storage.put(Readable.from([Buffer.from('an orphan')]), { maxBytes: 1024 });
    const listed: string[] = [];
    for await (const object of storage.objects()) listed.push(object.key);
    expect(listed).toEqual([stored.key]);
    await expect(storage.setAside(stored.key)).resolves.toBe(`orphans/${stored.sha256}`);
    expect(await listFiles(root)).toEqual([`orphans/${stored.sha256}`]);
    await expect(storage.exists(stored.key)).resolves.toBe(false);
  });
});
