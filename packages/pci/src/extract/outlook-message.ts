// Outlook .msg ([MS-OXMSG]): properties are compound-file streams named __substg1.0_TTTTPPPP,
// where TTTT is the property id and PPPP its type (001F UTF-16, 001E 8-bit, 0102 binary).
import { readCompoundFile } from './compound-file.ts';
import { decodeText } from './decode-text.ts';
import { HTML_OPTIONS, markupToText } from './markup.ts';
import type { NestedExtractor } from './mime.ts';

const STRING_PROPERTY = /(^|\/)__substg1\.0_([0-9A-F]{4})(001F|001E)$/i;
const HTML_BODY = /(^|\/)__substg1\.0_10130102$/i;
const ATTACHMENT_DATA = /^(.*\/)?(__attach_version1\.0_#[0-9A-F]{8})\/__substg1\.0_37010102$/i;
const utf16 = new TextDecoder('utf-16le');

/** Text of a .msg: every string property, the HTML body and readable attachments. */
export async function outlookMessageText(
  bytes: Uint8Array,
  nested: NestedExtractor,
): Promise<{ text: string } | { unreadable: string }> {
  const streams = readCompoundFile(bytes);
  if (streams === undefined) return { unreadable: 'not an Outlook message' };
  const texts: string[] = [];
  for (const [path, data] of streams) {
    const property = STRING_PROPERTY.exec(path);
    if (property !== null) {
      const text = property[3]?.toUpperCase() === '001F' ? utf16.decode(data) : decodeText(data);
      texts.push(text.replace(/\0+$/, ''));
    } else if (HTML_BODY.test(path)) {
      texts.push(markupToText(decodeText(data), HTML_OPTIONS));
    }
    const attachment = ATTACHMENT_DATA.exec(path);
    if (attachment === null) continue;
    const folder = `${attachment[1] ?? ''}${attachment[2] ?? ''}/`;
    const nameStream =
      streams.get(`${folder}__substg1.0_3707001F`) ?? streams.get(`${folder}__substg1.0_3704001F`);
    const fileName = nameStream === undefined ? '' : utf16.decode(nameStream).replace(/\0+$/, '');
    const text = await nested(data, fileName);
    if (text === undefined) return { unreadable: `attachment ${fileName}: unreadable` };
    texts.push(text);
  }
  return { text: texts.join('\n') };
}
