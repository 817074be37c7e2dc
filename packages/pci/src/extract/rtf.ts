// RTF to text: drop control words and non-text destinations (font tables, pictures, field
// instructions), keep the text, and decode \'hh bytes and \uN characters.
import { bytesToBinaryString, decodeText } from './decode-text.ts';

// Destinations whose content is never document text.
const SKIPPED_DESTINATIONS = new Set([
  'fonttbl',
  'colortbl',
  'stylesheet',
  'info',
  'pict',
  'object',
  'fldinst',
  'themedata',
  'colorschememapping',
  'datastore',
  'latentstyles',
  'listtable',
  'listoverridetable',
  'rsidtbl',
  'generator',
  'xmlnstbl',
  'filetbl',
  'revtbl',
  'bkmkstart',
  'bkmkend',
]);

const CODE_PAGES: Readonly<Record<number, string>> = {
  932: 'shift_jis',
  936: 'gbk',
  949: 'euc-kr',
  950: 'big5',
  65001: 'utf-8',
};

interface GroupState {
  skip: boolean;
  unicodeSkip: number;
}

/** Converts RTF bytes to plain text. */
export function rtfToText(bytes: Uint8Array): string {
  const rtf = bytesToBinaryString(bytes);
  const out: string[] = [];
  const pendingBytes: number[] = [];
  let codePage = 'windows-1252';
  const flushBytes = (): void => {
    if (pendingBytes.length === 0) return;
    out.push(decodeText(Uint8Array.from(pendingBytes), codePage));
    pendingBytes.length = 0;
  };
  const stack: GroupState[] = [];
  let state: GroupState = { skip: false, unicodeSkip: 1 };
  let skipChars = 0;
  let pos = 0;
  while (pos < rtf.length) {
    const ch = rtf[pos] ?? '';
    if (ch === '{') {
      stack.push(state);
      state = { ...state };
      pos++;
      continue;
    }
    if (ch === '}') {
      state = stack.pop() ?? state;
      pos++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      pos++;
      continue;
    }
    if (ch !== '\\') {
      if (skipChars > 0) skipChars--;
      else if (!state.skip) {
        flushBytes();
        out.push(ch);
      }
      pos++;
      continue;
    }
    const next = rtf[pos + 1] ?? '';
    if (next === "'") {
      const value = Number.parseInt(rtf.slice(pos + 2, pos + 4), 16);
      if (skipChars > 0) skipChars--;
      else if (!state.skip && Number.isFinite(value)) pendingBytes.push(value);
      pos += 4;
      continue;
    }
    if (!/[a-zA-Z]/.test(next)) {
      // Control symbols: escaped braces and backslash, non-breaking space, destination marker.
      // "{\*\dest …}" is an optional destination (bookmarks, metadata, field codes), never text.
      if (next === '*') state.skip = true;
      else if (!state.skip && skipChars === 0) {
        const symbol = next === '~' ? ' ' : next === '_' ? '-' : '\\{}'.includes(next) ? next : '';
        if (symbol !== '') {
          flushBytes();
          out.push(symbol);
        }
      }
      pos += 2;
      continue;
    }
    let end = pos + 1;
    while (end < rtf.length && /[a-zA-Z]/.test(rtf[end] ?? '')) end++;
    const word = rtf.slice(pos + 1, end);
    let paramEnd = end;
    if (rtf[paramEnd] === '-') paramEnd++;
    while (paramEnd < rtf.length && /[0-9]/.test(rtf[paramEnd] ?? '')) paramEnd++;
    const param = paramEnd > end ? Number(rtf.slice(end, paramEnd)) : undefined;
    pos = rtf[paramEnd] === ' ' ? paramEnd + 1 : paramEnd;
    if (word === 'bin' && param !== undefined) {
      // \binN is followed by N raw bytes (embedded pictures and objects), never text.
      pos += Math.max(0, param);
    } else if (SKIPPED_DESTINATIONS.has(word)) {
      state.skip = true;
    } else if (word === 'ansicpg' && param !== undefined) {
      codePage = CODE_PAGES[param] ?? `windows-${param}`;
    } else if (word === 'uc' && param !== undefined) {
      state.unicodeSkip = param;
    } else if (word === 'u' && param !== undefined) {
      if (!state.skip) {
        flushBytes();
        out.push(String.fromCharCode(param < 0 ? param + 65536 : param));
      }
      skipChars = state.unicodeSkip;
    } else if (!state.skip && (word === 'par' || word === 'line' || word === 'row')) {
      flushBytes();
      out.push('\n');
    } else if (!state.skip && (word === 'tab' || word === 'cell')) {
      flushBytes();
      out.push('\t');
    }
  }
  flushBytes();
  return out.join('');
}
