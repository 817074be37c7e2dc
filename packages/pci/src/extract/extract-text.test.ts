import { strToU8, zipSync } from 'fflate';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { extractText } from './extract-text.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const base64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));

async function textOf(bytes: Uint8Array, fileName: string): Promise<string> {
  const result = await extractText(bytes, fileName);
  if (result.status !== 'text') throw new Error(`unreadable: ${result.reason}`);
  return result.text;
}

/** A minimal .docx: only the parts a reader needs. */
function docx(bodyXml: string): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8('<Types/>'),
    'word/document.xml': strToU8(
      `<w:document xmlns:w="urn:w"><w:body>${bodyXml}</w:body></w:document>`,
    ),
  });
}

describe('extractText of plain text', () => {
  it('reads UTF-8 text', async () => {
    expect(await textOf(utf8('카드 4111 1111 1111 1111'), 'note.txt')).toBe(
      '카드 4111 1111 1111 1111',
    );
  });

  it('reads UTF-16 text with a byte order mark', async () => {
    const bytes = Uint8Array.from([0xff, 0xfe, 0x34, 0x00, 0x31, 0x00]);
    expect(await textOf(bytes, 'note.txt')).toBe('41');
  });

  it('reads EUC-KR text from older Korean software', async () => {
    expect(await textOf(Uint8Array.from([0xc4, 0xab, 0xb5, 0xe5]), 'legacy.csv')).toBe('카드');
  });

  it('reads CSV as text', async () => {
    expect(await textOf(utf8('name,card\nKim,4111111111111111\n'), 'a.CSV')).toContain(
      '4111111111111111',
    );
  });
});

describe('extractText of markup', () => {
  it('strips HTML tags, decodes entities and drops scripts', async () => {
    const html =
      '<html><head><title>t</title><style>p{}</style></head><body><p>Card&nbsp;<b>4111</b>&#32;1111 ' +
      '1111&#x20;1111</p><script>var s = "x";</script><!-- 5555 --></body></html>';
    const text = await textOf(utf8(html), 'page.html');
    expect(text).toContain('Card\u00a04111 1111 1111 1111');
    expect(text).not.toContain('var s');
    expect(text).not.toContain('5555');
  });

  it.each(['htm', 'xhtml', 'shtml'])('reads .%s as HTML', async (ext) => {
    expect(await textOf(utf8('<div>a&amp;b</div>'), `x.${ext}`)).toContain('a&b');
  });

  it('reads XML element text and CDATA', async () => {
    const xml = '<?xml version="1.0"?><r><pan>4111111111111111</pan><n><![CDATA[a<b]]></n></r>';
    const text = await textOf(utf8(xml), 'data.xml');
    expect(text).toContain('4111111111111111');
    expect(text).toContain('a<b');
  });
});

describe('extractText of e-mail', () => {
  it('reads the subject, quoted-printable and base64 parts, and attached documents', async () => {
    const eml = [
      'From: a@example.com',
      'Subject: =?UTF-8?B?7Lm065Oc?= info',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      '--inner',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'card 4111 1111 =',
      '1111 1111 =EC=B9=B4=EB=93=9C',
      '--inner',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      base64(utf8('<p>exp 12/27</p>')),
      '--inner--',
      '--outer',
      'Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'Content-Disposition: attachment; filename="pan.docx"',
      'Content-Transfer-Encoding: base64',
      '',
      base64(docx('<w:p><w:r><w:t>5555 5555 5555 4444</w:t></w:r></w:p>')),
      '--outer--',
      '',
    ].join('\r\n');
    const text = await textOf(utf8(eml), 'mail.eml');
    expect(text).toContain('카드 info');
    expect(text).toContain('card 4111 1111 1111 1111 카드');
    expect(text).toContain('exp 12/27');
    expect(text).toContain('5555 5555 5555 4444');
  });

  it('reads a message without MIME headers as plain text', async () => {
    expect(await textOf(utf8('Subject: hi\n\nbody 123\n'), 'm.eml')).toContain('body 123');
  });
});

describe('extractText of RTF', () => {
  it("keeps text, drops control words and tables, decodes \\' bytes and \\u characters", async () => {
    const rtf =
      '{\\rtf1\\ansi\\ansicpg949{\\fonttbl{\\f0 Arial;}}{\\*\\generator Word;}\\f0\\fs24 Card ' +
      "4111 1111\\par 1111 1111 \\'c4\\'ab\\'b5\\'e5 \\uc1\\u-12684?\\u46300?}";
    expect(await textOf(utf8(rtf), 'letter.rtf')).toBe('Card 4111 1111\n1111 1111 카드 카드');
  });

  it('skips raw \\bin data', async () => {
    const rtf = '{\\rtf1 before {\\object\\bin6 }{\\}x}} after}';
    expect(await textOf(utf8(rtf), 'obj.rtf')).toBe('before  after');
  });
});

describe('extractText of zipped Office documents', () => {
  it('joins the runs of a Word paragraph and breaks lines between paragraphs', async () => {
    const body =
      '<w:p><w:r><w:t>4111 11</w:t></w:r><w:r><w:t>11 1111 1111</w:t></w:r></w:p><w:p><w:r><w:t>next</w:t></w:r></w:p>';
    expect(await textOf(docx(body), 'form.docx')).toBe('4111 1111 1111 1111\nnext\n');
  });

  it('reads shared strings and cell values of a workbook but not shared-string indexes', async () => {
    const bytes = zipSync({
      'xl/sharedStrings.xml': strToU8('<sst><si><t>카드번호</t></si><si><t>Kim</t></si></sst>'),
      'xl/worksheets/sheet1.xml': strToU8(
        '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
          '<row r="2"><c r="A2" t="inlineStr"><is><t>4111-1111-1111-1111</t></is></c><c r="B2"><v>42</v></c></row></sheetData></worksheet>',
      ),
    });
    const text = await textOf(bytes, 'book.xlsx');
    expect(text).toContain('카드번호');
    expect(text).toContain('4111-1111-1111-1111');
    expect(text).toContain('42');
    expect(text).not.toMatch(/\t0\t/);
  });

  it('reads OpenDocument content.xml', async () => {
    const bytes = zipSync({
      mimetype: strToU8('application/vnd.oasis.opendocument.text'),
      'content.xml': strToU8(
        '<office:document-content><text:p>IBAN DE89 3704 0044 0532 0130 00</text:p></office:document-content>',
      ),
    });
    expect(await textOf(bytes, 'doc.odt')).toContain('IBAN DE89 3704 0044 0532 0130 00');
  });

  it('reads OpenDocument spreadsheet cells', async () => {
    const content =
      '<office:document-content><table:table><table:table-row><table:table-cell><text:p>카드</text:p></table:table-cell>' +
      '<table:table-cell><text:p>4111111111111111</text:p></table:table-cell></table:table-row></table:table></office:document-content>';
    const bytes = zipSync({ 'content.xml': strToU8(content) });
    expect(await textOf(bytes, 'sheet.ods')).toBe('카드\n\t4111111111111111\n\t\n');
  });

  it('reads every slide of a presentation in order', async () => {
    const slide = (text: string) =>
      strToU8(`<p:sld><a:p><a:r><a:t>${text}</a:t></a:r></a:p></p:sld>`);
    const bytes = zipSync({
      'ppt/slides/slide10.xml': slide('ten'),
      'ppt/slides/slide2.xml': slide('two'),
    });
    expect((await textOf(bytes, 'deck.pptx')).trim().split(/\s+/)).toEqual(['two', 'ten']);
  });
});

describe('extractText of XPS', () => {
  it('reads the UnicodeString of every glyph run', async () => {
    const page =
      '<FixedPage><Glyphs UnicodeString="Card 4111 1111 1111 1111" /><Glyphs UnicodeString="{}{x} &amp; y" /></FixedPage>';
    const bytes = zipSync({ 'Documents/1/Pages/1.fpage': strToU8(page) });
    expect(await textOf(bytes, 'print.xps')).toBe('Card 4111 1111 1111 1111\n{x} & y');
  });
});

describe('extractText of PDF', () => {
  it('reads the text layer of a generated PDF', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage().drawText('Card 4111 1111 1111 1111 exp 12/27', { x: 50, y: 700, size: 12, font });
    doc.addPage().drawText('second page', { x: 50, y: 700, size: 12, font });
    const text = await textOf(await doc.save(), 'statement.pdf');
    expect(text).toContain('Card 4111 1111 1111 1111 exp 12/27');
    expect(text).toContain('second page');
  });
});

describe('unreadable attachments', () => {
  it('reports random bytes claiming to be a PDF as unreadable', async () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, k) => (k * 7919 + 13) % 251);
    expect((await extractText(bytes, 'scan.pdf')).status).toBe('unreadable');
  });

  it('reports a damaged PDF body as unreadable', async () => {
    const result = await extractText(utf8('%PDF-1.7\n1 0 obj garbage'), 'broken.pdf');
    expect(result).toEqual({ status: 'unreadable', reason: 'damaged PDF' });
  });

  it('reports an encrypted zip as unreadable', async () => {
    const bytes = docx('<w:p><w:r><w:t>secret</w:t></w:r></w:p>');
    // Set the "encrypted" bit in every local and central header, as ZipCrypto tools do.
    const view = new DataView(bytes.buffer);
    for (let at = 0; at + 4 <= bytes.length; at++) {
      const signature = view.getUint32(at, true);
      if (signature === 0x04034b50) view.setUint16(at + 6, view.getUint16(at + 6, true) | 1, true);
      if (signature === 0x02014b50) view.setUint16(at + 8, view.getUint16(at + 8, true) | 1, true);
    }
    expect(await extractText(bytes, 'locked.docx')).toEqual({
      status: 'unreadable',
      reason: 'encrypted archive',
    });
  });

  it('reports a .docx that is not a zip as unreadable', async () => {
    expect((await extractText(utf8('hello'), 'fake.docx')).status).toBe('unreadable');
  });

  it('reports an unsupported type as unreadable', async () => {
    expect(await extractText(utf8('x'), 'photo.png')).toEqual({
      status: 'unreadable',
      reason: 'unsupported file type .png',
    });
  });

  it('reports an e-mail whose attachment is unreadable as unreadable', async () => {
    const eml = [
      'Content-Type: multipart/mixed; boundary=b',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'see attached',
      '--b',
      'Content-Type: application/pdf; name="x.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      base64(utf8('not a pdf at all')),
      '--b--',
    ].join('\n');
    const result = await extractText(utf8(eml), 'fwd.eml');
    expect(result).toEqual({ status: 'unreadable', reason: 'attachment x.pdf: not a PDF file' });
  });
});
