import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../database/transactions';
import { ProspectFields } from '../prospect-fields';
import { ProspectWriter } from '../prospect-writer';
import { collapseBatch } from './batch-identity';
import { detectFormat, ImportFormat, readRecords } from './prospect-file-reader';
import { checkRecord, FieldWarning } from './prospect-record';

export const IMPORT_BATCH_SIZE = 1_000;
/** Rejections listed in the summary; beyond this only their number is kept (memory stays flat). */
export const MAX_LISTED_REJECTIONS = 10_000;
/** Warnings listed in the summary, likewise. */
export const MAX_LISTED_WARNINGS = 10_000;

export interface Rejection {
  line: number;
  reason: string;
}

/** A value of an imported row that could not be read: the row was kept without it. */
export interface ImportWarning extends FieldWarning {
  line: number;
}

export interface ImportSummary {
  file: string;
  format: ImportFormat;
  /** Data rows read (blank lines not counted) = inserted + updated + rejected. */
  rows: number;
  inserted: number;
  /** Rows for a person already known, from an earlier import or earlier in this file. */
  updated: number;
  rejected: number;
  rejections: Rejection[];
  /** Values left empty because they could not be read (their rows were imported). */
  warned: number;
  warnings: ImportWarning[];
  seconds: number;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

@Injectable()
export class ProspectImportService {
  constructor(
    private readonly transactions: Transactions,
    private readonly writer: ProspectWriter,
  ) {}

  /**
   * Imports a CSV or JSON Lines file: streamed, checked row by row, written in batches. A row
   * without a name or an identity (email or LinkedIn URL) is reported and skipped; any other value
   * it cannot read is left empty and reported as a warning. Neither stops the import.
   */
  async importFile(
    path: string,
    onProgress: (progress: ImportProgress) => void = () => {},
  ): Promise<ImportSummary> {
    const started = Date.now();
    const totalBytes = await readableFileSize(path);
    const format = await detectFormat(path);
    const summary: ImportSummary = {
      file: path,
      format,
      rows: 0,
      inserted: 0,
      updated: 0,
      rejected: 0,
      rejections: [],
      warned: 0,
      warnings: [],
      seconds: 0,
    };
    const { stream, records } = readRecords(path, format);
    let batch: ProspectFields[] = [];
    for await (const record of records) {
      summary.rows++;
      const checked =
        record.error === undefined ? checkRecord(record.values) : { reason: record.error };
      if (checked.fields) {
        batch.push(checked.fields);
        warn(summary, record.line, checked.warnings);
      } else reject(summary, record.line, checked.reason);
      if (batch.length >= IMPORT_BATCH_SIZE) {
        await this.writeBatch(batch, summary);
        batch = [];
        onProgress({ bytesRead: stream.bytesRead, totalBytes, rows: summary.rows });
      }
    }
    await this.writeBatch(batch, summary);
    onProgress({ bytesRead: totalBytes, totalBytes, rows: summary.rows });
    if (summary.inserted + summary.updated > 0) await this.writer.refreshStatistics();
    summary.seconds = (Date.now() - started) / 1000;
    return summary;
  }

  private async writeBatch(batch: ProspectFields[], summary: ImportSummary): Promise<void> {
    if (batch.length === 0) return;
    const { rows, merged } = collapseBatch(batch);
    summary.updated += merged;
    await this.transactions.run(async () => {
      await this.writer.lockForImport();
      const ids = firstClaims(await this.writer.findKnownIds(rows));
      const known = rows.flatMap((row, i) => (ids[i] ? [{ ...row, id: ids[i] }] : []));
      const fresh = rows.filter((_, i) => !ids[i]);
      await this.writer.update(known);
      await this.writer.insert(fresh);
      summary.updated += known.length;
      summary.inserted += fresh.length;
    });
  }
}

function reject(summary: ImportSummary, line: number, reason: string): void {
  summary.rejected++;
  if (summary.rejections.length < MAX_LISTED_REJECTIONS) summary.rejections.push({ line, reason });
}

function warn(summary: ImportSummary, line: number, warnings: FieldWarning[]): void {
  summary.warned += warnings.length;
  for (const warning of warnings) {
    if (summary.warnings.length < MAX_LISTED_WARNINGS) summary.warnings.push({ line, ...warning });
  }
}

async function readableFileSize(path: string): Promise<number> {
  try {
    await access(path, constants.R_OK);
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    return info.size;
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : (error as Error).message;
    throw new Error(`cannot read ${path}: ${why}`);
  }
}

/** A stored person claimed by two rows of a batch is the first one's; the second is new. */
function firstClaims(ids: (string | null)[]): (string | null)[] {
  const claimed = new Set<string>();
  return ids.map((id) => {
    if (!id || claimed.has(id)) return null;
    claimed.add(id);
    return id;
  });
}
