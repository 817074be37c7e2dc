// Text of attachments read from a source piece by piece (R-PCI-3 without holding the file): plain
// text and markup decoded as a stream, zipped Office documents entry by entry.
import { MARKUP_EXTENSIONS, MarkupStream, type MarkupOptions } from './markup.ts';
import { perExtension } from './extensions.ts';
import { OFFICE_EXTENSIONS, streamOfficeText, type OfficeFamily } from './office.ts';
import { readPieces, type AttachmentSource } from './source.ts';

/** Where streamed text goes. */
export interface TextSink {
  push(text: string): void;
  /** Forget everything pushed so far: the text starts over (it was decoded wrongly). */
  restart(): void;
}

type Streamer = (
  source: AttachmentSource,
  sink: TextSink,
) => Promise<{ unreadable: string } | undefined>;

const markup =
  (options: MarkupOptions | null): Streamer =>
  (source, sink) =>
    streamDecoded(source, sink, options);

const office =
  (family: OfficeFamily): Streamer =>
  (source, sink) =>
    streamOfficeText(source, family, (text) => sink.push(text));

/** The types read as a stream; every other type is read whole (see `scanAttachment`). */
const STREAMERS: Readonly<Record<string, Streamer>> = {
  ...perExtension(MARKUP_EXTENSIONS, markup),
  ...perExtension(OFFICE_EXTENSIONS, office),
};

/** The streamer of an extension, or undefined when that type is read whole. */
export function streamerFor(extension: string): Streamer | undefined {
  return Object.hasOwn(STREAMERS, extension) ? STREAMERS[extension] : undefined;
}

/**
 * Decodes the source as `decodeText` does (a BOM, else UTF-8, else EUC-KR, else Windows-1252),
 * as a stream: a decoding that fails part-way starts over with the next encoding, and the sink
 * drops what it was given.
 */
async function streamDecoded(
  source: AttachmentSource,
  sink: TextSink,
  options: MarkupOptions | null,
): Promise<undefined> {
  const head = await source.read(0, 3);
  const bom: [string, number] | undefined =
    head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf
      ? ['utf-8', 3]
      : head[0] === 0xff && head[1] === 0xfe
        ? ['utf-16le', 2]
        : head[0] === 0xfe && head[1] === 0xff
          ? ['utf-16be', 2]
          : undefined;
  const attempts: [string, number, boolean][] = bom
    ? [[bom[0], bom[1], false]]
    : [
        ['utf-8', 0, true],
        ['euc-kr', 0, true],
        ['windows-1252', 0, false],
      ];
  for (const [label, skip, fatal] of attempts) {
    const decoder = new TextDecoder(label, { fatal, ignoreBOM: true });
    const stream = options ? new MarkupStream(options, (text) => sink.push(text)) : null;
    const give = (text: string) => (stream ? stream.push(text) : sink.push(text));
    try {
      for await (const bytes of readPieces(source, skip, source.size)) {
        give(decoder.decode(bytes, { stream: true }));
      }
      give(decoder.decode());
    } catch (error) {
      if (fatal && error instanceof TypeError) {
        sink.restart();
        continue;
      }
      throw error;
    }
    stream?.end();
    return undefined;
  }
  return undefined;
}
