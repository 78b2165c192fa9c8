// Reads a PDF with MuPDF and checks it with qpdf, both compiled to WebAssembly and shipped in npm
// packages (mupdf, @neslinesli93/qpdf-wasm), so the tests need nothing but Node. A plain Node
// script, not a module jest loads: mupdf is an ES module with top-level await, which jest's
// CommonJS loader cannot load. pdf-inspect.ts spawns it once per question:
//
//   node pdf-tool.mjs check FILE                 qpdf --check: qpdf's own output and exit code
//   node pdf-tool.mjs pages FILE                 {"pages": N}
//   node pdf-tool.mjs chars FILE [FIRST [LAST]]  the characters of pages FIRST..LAST (1-based), by line
//   node pdf-tool.mjs text FILE [FIRST [LAST]]   MuPDF's plain text (reading order), one string a page
//   node pdf-tool.mjs outline FILE               bookmarks: title, 1-based page, kids
//   node pdf-tool.mjs info FILE                  the document information dictionary, version, pages
//   node pdf-tool.mjs fonts FILE                 fonts the pages use: name, type, embedded, ToUnicode
//   node pdf-tool.mjs images FILE                how many images the pages draw (soft masks not counted)
//   node pdf-tool.mjs png FILE PAGE DPI OUT      one page rendered to a PNG file
//   node pdf-tool.mjs ink FILE                   per page, rendered at 36 dpi in grey: its height in points
//                                                and the rows (in points from the top) where anything is drawn
//
// Everything but `check` prints one JSON value on stdout; errors go to stderr with exit code 1.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';

const [command, file, ...rest] = process.argv.slice(2);
if (!command || !file) {
  process.stderr.write('usage: node pdf-tool.mjs check|pages|chars|text|outline|info|fonts|images|png|ink FILE [ARGS]\n');
  process.exit(2);
}

if (command === 'check') {
  // qpdf writes its report to this process's stdout and stderr and sets process.exitCode
  // (0 clean, 2 errors, 3 warnings), as the qpdf program would.
  const createQpdf = createRequire(import.meta.url)('@neslinesli93/qpdf-wasm');
  const qpdf = await createQpdf();
  // qpdf reads from its own in-memory file system; the file keeps its name there, for the messages.
  const copy = `/${basename(file)}`;
  qpdf.FS.writeFile(copy, readFileSync(file));
  try {
    process.exitCode = qpdf.callMain(['--check', copy]);
  } catch (error) {
    // qpdf ended through exit(): the exit code is already set.
    if (typeof error?.status !== 'number') throw error;
  }
} else {
  try {
    const mupdf = await import('mupdf');
    const doc = mupdf.Document.openDocument(readFileSync(file), 'application/pdf');
    process.stdout.write(JSON.stringify(answer(mupdf, doc, command, rest)));
  } catch (error) {
    process.stderr.write(`pdf-tool ${command} ${file}: ${error?.message ?? error}\n`);
    process.exitCode = 1;
  }
}

function answer(mupdf, doc, what, args) {
  const pages = doc.countPages();
  /** 1-based FIRST..LAST, clamped to the document, as pdftotext's -f and -l. */
  const range = () => {
    const first = Math.max(1, Number(args[0] ?? 1));
    const last = Math.min(pages, Number(args[1] ?? pages));
    return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first - 1 + i);
  };
  switch (what) {
    case 'pages':
      return { pages };
    case 'chars':
      return range().map((index) => charsOf(doc.loadPage(index)));
    case 'text':
      return range().map((index) => doc.loadPage(index).toStructuredText('preserve-whitespace').asText());
    case 'outline':
      return outline(doc.loadOutline() ?? []);
    case 'info':
      return info(doc, pages);
    case 'fonts':
      return fonts(doc, pages);
    case 'images':
      return { images: images(mupdf, doc, pages) };
    case 'png': {
      const scale = Number(args[1] ?? 72) / 72;
      const pixmap = doc.loadPage(Number(args[0] ?? 1) - 1).toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false);
      writeFileSync(args[2], pixmap.asPNG());
      return { width: pixmap.getWidth(), height: pixmap.getHeight() };
    }
    case 'ink':
      return Array.from({ length: pages }, (_, index) => inkOf(mupdf, doc.loadPage(index)));
    default:
      throw new Error(`unknown command ${what}`);
  }
}

/**
 * The page's characters as MuPDF's lines (runs of text on one baseline), each with its baseline,
 * font size and, per character, [text, left, right] in points from the page's top left. Spaces
 * the PDF draws are kept; MuPDF adds none of its own (inhibit-spaces): the layout is rebuilt from
 * the gaps in pdf-layout.ts.
 */
function charsOf(page) {
  const lines = [];
  let line = null;
  page.toStructuredText('preserve-whitespace,inhibit-spaces,preserve-spans').walk({
    beginLine(bbox, wmode) {
      line = { wmode, y: null, size: 0, chars: [] };
    },
    onChar(c, origin, _font, size, quad) {
      if (line.y === null) line.y = round(origin[1]);
      line.size = Math.max(line.size, round(size));
      line.chars.push([c, round(Math.min(quad[0], quad[4])), round(Math.max(quad[2], quad[6]))]);
    },
    endLine() {
      if (line.chars.length > 0) lines.push(line);
      line = null;
    },
  });
  return lines;
}

/** A page's height and the rows, in points from its top, holding a pixel darker than near-white (36 dpi, grey). */
function inkOf(mupdf, page) {
  const scale = 0.5;
  const pixmap = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceGray, false);
  const [width, height, stride] = [pixmap.getWidth(), pixmap.getHeight(), pixmap.getStride()];
  const pixels = pixmap.getPixels();
  const rows = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (pixels[y * stride + x] < 240) {
        rows.push(round(y / scale));
        break;
      }
    }
  }
  return { height: round(height / scale), rows };
}

function round(n) {
  return Math.round(n * 100) / 100;
}

function outline(items) {
  return items.map((item) => ({
    title: item.title ?? '',
    // MuPDF counts pages from 0; a bookmark to nowhere gets 0.
    page: typeof item.page === 'number' && item.page >= 0 ? item.page + 1 : 0,
    kids: outline(item.down ?? []),
  }));
}

function info(doc, pages) {
  const out = {};
  for (const key of ['Title', 'Subject', 'Keywords', 'Author', 'Creator', 'Producer', 'CreationDate', 'ModDate']) {
    const value = doc.getMetaData(`info:${key}`);
    if (value) out[key] = /Date$/.test(key) ? isoDate(value) : value;
  }
  out.Encrypted = doc.getMetaData('encryption') && doc.getMetaData('encryption') !== 'None' ? 'yes' : 'no';
  out.Pages = String(pages);
  if (pages > 0) {
    const [x0, y0, x1, y1] = doc.loadPage(0).getBounds();
    out['Page size'] = `${round(x1 - x0)} x ${round(y1 - y0)} pts`;
  }
  const format = doc.getMetaData('format');
  if (format) out['PDF version'] = format.replace(/^PDF\s*/, '');
  return out;
}

/** D:YYYYMMDDHHmmSS+HH'mm' as ISO 8601 (what `pdfinfo -isodates` prints); anything else as is. */
function isoDate(value) {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(value);
  if (!m) return value;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone = ''] = m;
  const tz = zone === 'Z' || zone === '' ? zone : `${zone.slice(0, 3)}:${zone.replace(/'/g, '').slice(3, 5)}`;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${tz}`;
}

/**
 * The fonts in the pages' resources (and in their form XObjects'), each once, as pdffonts lists
 * them: the BaseFont name, the type, whether the font program is embedded and whether a
 * ToUnicode map is there.
 */
function fonts(doc, pages) {
  const pdf = doc.asPDF();
  if (!pdf) return [];
  const seen = new Set();
  const rows = [];
  const visitResources = (resources) => {
    if (!resources || resources.isNull()) return;
    field(resources, 'Font')?.forEach((ref, key) => {
      const id = ref.isIndirect() ? `${ref.asIndirect()}` : `direct:${key}:${rows.length}`;
      if (seen.has(id)) return;
      seen.add(id);
      rows.push(fontRow(ref.resolve()));
    });
    field(resources, 'XObject')?.forEach((ref) => {
      const id = ref.isIndirect() ? `x${ref.asIndirect()}` : null;
      if (id) {
        if (seen.has(id)) return;
        seen.add(id);
      }
      const xobject = ref.resolve();
      if (nameOf(field(xobject, 'Subtype')) === 'Form') visitResources(field(xobject, 'Resources'));
    });
  };
  for (let i = 0; i < pages; i++) visitResources(pdf.findPage(i).getInheritable('Resources'));
  return rows;
}

function fontRow(font) {
  const subtype = nameOf(field(font, 'Subtype'));
  const descendant = subtype === 'Type0' ? field(font, 'DescendantFonts', 0) : null;
  const descriptor = field(descendant ?? font, 'FontDescriptor');
  const file3Subtype = nameOf(field(descriptor, 'FontFile3', 'Subtype'));
  const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((key) => field(descriptor, key) !== null);
  let type;
  if (subtype === 'Type0') {
    const cid = nameOf(field(descendant, 'Subtype'));
    type = cid === 'CIDFontType2' ? 'CID TrueType' : file3Subtype === 'OpenType' ? 'CID Type 0C (OT)' : file3Subtype === 'CIDFontType0C' ? 'CID Type 0C' : 'CID Type 0';
  } else if (subtype === 'TrueType') {
    type = 'TrueType';
  } else if (subtype === 'Type3') {
    type = 'Type 3';
  } else {
    type = file3Subtype === 'Type1C' ? 'Type 1C' : file3Subtype === 'OpenType' ? 'Type 1C (OT)' : 'Type 1';
  }
  return { name: nameOf(field(font, 'BaseFont')) || '[none]', type, embedded, unicode: field(font, 'ToUnicode') !== null };
}

/** obj[key][key]..., or null where a step is missing. */
function field(obj, ...path) {
  let at = obj;
  for (const key of path) {
    if (!at || at.isNull() || !(at.isDictionary() || at.isArray())) return null;
    at = at.get(key);
  }
  return at && !at.isNull() ? at : null;
}

function nameOf(obj) {
  return obj && obj.isName() ? obj.asName() : '';
}

/** Each image a page draws counts once per drawing (as `pdfimages -list` lists them); masks do not. */
function images(mupdf, doc, pages) {
  let count = 0;
  const device = new mupdf.Device({
    fillImage() {
      count++;
    },
  });
  for (let i = 0; i < pages; i++) doc.loadPage(i).run(device, mupdf.Matrix.identity);
  device.close();
  return count;
}
