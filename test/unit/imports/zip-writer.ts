/**
 * A minimal ZIP writer for the reader's tests: workbooks spelled part by part, as Excel and other programs write
 * them, which exceljs cannot be made to write (inline strings, the 1904 date system, an error cell).
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipPart {
  name: string;
  data: string | Buffer;
  /** Stored (method 0) instead of deflated. */
  stored?: boolean;
}

export function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const data = Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data, 'utf8');
    const body = part.stored ? data : deflateRawSync(data);
    const name = Buffer.from(part.name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(part.stored ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(part.stored ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE = 'http://schemas.openxmlformats.org/package/2006/relationships';

export interface WorkbookParts {
  /** Each sheet's name and the inside of its <sheetData>. */
  sheets: Array<{ name: string; data: string }>;
  /** The <si> items of the shared strings part, if any. */
  strings?: string[];
  /** The <numFmts> and <cellXfs> of the styles part, if any. */
  styles?: { numFmts?: string; cellXfs: string };
  date1904?: boolean;
}

/** An .xlsx file as Excel lays it out: the package's relationships, the workbook and its relationships, the parts. */
export function workbookFile(w: WorkbookParts): Buffer {
  const rels = w.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${RELS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  if (w.strings) rels.push(`<Relationship Id="rIdS" Type="${RELS}/sharedStrings" Target="sharedStrings.xml"/>`);
  if (w.styles) rels.push(`<Relationship Id="rIdT" Type="${RELS}/styles" Target="/xl/styles.xml"/>`);
  const parts: ZipPart[] = [
    {
      name: '[Content_Types].xml',
      data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    },
    {
      name: '_rels/.rels',
      data: `<Relationships xmlns="${PACKAGE}"><Relationship Id="rId1" Type="${RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${RELS}">` +
        `<workbookPr${w.date1904 ? ' date1904="1"' : ''}/><sheets>` +
        w.sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    },
    { name: 'xl/_rels/workbook.xml.rels', data: `<Relationships xmlns="${PACKAGE}">${rels.join('')}</Relationships>` },
    ...w.sheets.map((s, i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data: `<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="${MAIN}"><sheetData>${s.data}</sheetData></worksheet>`,
    })),
  ];
  if (w.strings)
    parts.push({ name: 'xl/sharedStrings.xml', data: `<sst xmlns="${MAIN}">${w.strings.map((s) => `<si>${s}</si>`).join('')}</sst>` });
  if (w.styles)
    parts.push({
      name: 'xl/styles.xml',
      data:
        `<styleSheet xmlns="${MAIN}">${w.styles.numFmts ? `<numFmts>${w.styles.numFmts}</numFmts>` : ''}` +
        `<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs>${w.styles.cellXfs}</cellXfs></styleSheet>`,
    });
  return zip(parts);
}
