import { createReadStream, ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { CsvError, parse } from 'csv-parse';
import { PROSPECT_COLUMNS } from '../prospect-fields';

export type ImportFormat = 'csv' | 'jsonl';

/** One data row of a file: its values by column name, or why it could not be read at all. */
export type SourceRecord =
  | { line: number; values: Record<string, unknown>; error?: undefined }
  | { line: number; values?: undefined; error: string };

export const IMPORT_COLUMNS: readonly string[] = PROSPECT_COLUMNS;

/** By extension (.csv; .jsonl, .ndjson, .json), else by the first character of the file. */
export async function detectFormat(path: string): Promise<ImportFormat> {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (['.jsonl', '.ndjson', '.json'].includes(extension)) return 'jsonl';
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(512), 0, 512, 0);
    return /^(\ufeff)?\s*\{/.test(buffer.subarray(0, bytesRead).toString('utf8')) ? 'jsonl' : 'csv';
  } finally {
    await file.close();
  }
}

/** Streams the records of a file (never the whole file in memory); `stream.bytesRead` tells progress. */
export function readRecords(
  path: string,
  format: ImportFormat,
): { stream: ReadStream; records: AsyncGenerator<SourceRecord> } {
  const stream = createReadStream(path);
  return { stream, records: format === 'csv' ? csvRecords(stream) : jsonlRecords(stream) };
}

function checkHeader(header: string[]): string[] {
  const columns = header.map((name) => name.trim().toLowerCase());
  if (!columns.some((name) => IMPORT_COLUMNS.includes(name))) {
    throw new Error(
      `the header row names none of the prospect columns (${IMPORT_COLUMNS.join(', ')})`,
    );
  }
  return columns;
}

/** The line a record starts on: csv-parse reports where it ends, and quoted fields may span lines. */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^[\r\n]+/, '').replace(/[\r\n]+$/, '');
  return endLine - (body.match(/\n/g)?.length ?? 0);
}

async function* csvRecords(stream: ReadStream): AsyncGenerator<SourceRecord> {
  const unreadable: SourceRecord[] = [];
  const parser = stream.pipe(
    parse({
      bom: true,
      columns: checkHeader,
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      skip_records_with_error: true,
      trim: true,
      on_skip: (error: CsvError | undefined) => {
        if (error)
          unreadable.push({ line: Number(error.lines), error: `malformed CSV: ${error.message}` });
        return undefined;
      },
    }),
  );
  stream.on('error', (error) => parser.destroy(error));
  for await (const chunk of parser) {
    const { record, info, raw } = chunk as {
      record: Record<string, string>;
      info: { lines: number };
      raw: string;
    };
    yield* unreadable.splice(0);
    yield { line: startLine(info.lines, raw), values: record };
  }
  yield* unreadable.splice(0);
}

async function* jsonlRecords(stream: ReadStream): AsyncGenerator<SourceRecord> {
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    const trimmed = (line === 1 ? text.replace(/^\ufeff/, '') : text).trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      yield { line, error: 'not valid JSON' };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { line, error: 'not a JSON object' };
      continue;
    }
    yield { line, values: lowerCaseKeys(value as Record<string, unknown>) };
  }
}

function lowerCaseKeys(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key.trim().toLowerCase(), value]),
  );
}
