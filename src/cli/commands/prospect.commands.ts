import { SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option } from 'nest-commander';
import { ImportSummary, ProspectImportService, ProspectSeedService } from '../../modules/prospects';
import { printResult } from '../output';

/** A progress bar on a terminal only: piped output and `--json` stay one clean result. */
function progressBar(json: boolean | undefined, unit: string): SingleBar | undefined {
  if (json || !process.stdout.isTTY) return undefined;
  return new SingleBar({
    format: `{bar} {percentage}% | {value}/{total} ${unit} | {eta_formatted} left`,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
  });
}

const count = (n: number): string => n.toLocaleString('en-US');

/** The import summary for a person: totals, then each rejected row and each value left empty. */
function summaryLines(summary: ImportSummary): string[] {
  const { file, format, rejections, warnings } = summary;
  return [
    `Imported ${file} (${format}): ${count(summary.inserted)} inserted, ` +
      `${count(summary.updated)} updated, ${count(summary.rejected)} rejected, ` +
      `${count(summary.warned)} ${summary.warned === 1 ? 'warning' : 'warnings'} ` +
      `(${count(summary.rows)} rows in ${summary.seconds.toFixed(1)} s)`,
    ...section(
      'Rejected rows:',
      summary.rejected,
      rejections,
      ({ line, reason }) => `  line ${line}: ${reason}`,
    ),
    ...section(
      'Warnings (row imported, value left empty):',
      summary.warned,
      warnings,
      ({ line, reason }) => `  line ${line}: ${reason}`, // the reason names the field
    ),
  ];
}

/** A heading and one line per listed item, plus how many were not listed. */
function section<T>(
  heading: string,
  total: number,
  listed: T[],
  line: (item: T) => string,
): string[] {
  if (total === 0) return [];
  const more = total - listed.length;
  return [heading, ...listed.map(line), ...(more > 0 ? [`  … and ${count(more)} more`] : [])];
}

@Command({
  name: 'prospects:import',
  arguments: '<file>',
  description:
    'Import prospects from a CSV (with a header row) or JSON Lines file; known people are updated',
})
export class ImportProspectsCommand extends CommandRunner {
  constructor(private readonly importer: ProspectImportService) {
    super();
  }

  async run([file]: string[], options: { json?: boolean }): Promise<void> {
    const bar = progressBar(options.json, 'KB');
    let started = false;
    try {
      const summary = await this.importer.importFile(file, ({ bytesRead, totalBytes }) => {
        if (!bar) return;
        if (!started) bar.start(Math.ceil(totalBytes / 1024), 0);
        started = true;
        bar.update(Math.ceil(bytesRead / 1024));
      });
      bar?.stop();
      const { rejections, ...totals } = summary;
      printResult(options.json, { ...totals, rejected_rows: rejections }, summaryLines(summary));
    } finally {
      bar?.stop();
    }
  }

  @Option({ flags: '--json', description: 'print one JSON line' })
  parseJson(): boolean {
    return true;
  }
}

@Command({
  name: 'prospects:seed',
  description: 'Load deterministic synthetic prospects (the same --seed gives the same people)',
})
export class SeedProspectsCommand extends CommandRunner {
  constructor(private readonly seeder: ProspectSeedService) {
    super();
  }

  async run(_: string[], options: { count: number; seed?: string; json?: boolean }): Promise<void> {
    const bar = progressBar(options.json, 'prospects');
    bar?.start(options.count, 0);
    try {
      const summary = await this.seeder.seed(options, (done) => bar?.update(done));
      bar?.stop();
      printResult(options.json, summary, [
        `Seeded ${count(summary.inserted)} prospects (seed ${summary.seed}; ` +
          `${count(summary.skipped)} already present) in ${summary.seconds.toFixed(1)} s`,
      ]);
    } finally {
      bar?.stop();
    }
  }

  @Option({ flags: '--count <n>', description: 'how many prospects', required: true })
  parseCount(value: string): number {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 10_000_000) {
      throw new Error('--count must be a whole number from 1 to 10,000,000');
    }
    return Number(value);
  }

  @Option({ flags: '--seed <s>', description: 'seed of the generator (default 1)' })
  parseSeed(value: string): string {
    if (!value.trim()) throw new Error('--seed must not be empty');
    return value.trim();
  }

  @Option({ flags: '--json', description: 'print one JSON line' })
  parseJson(): boolean {
    return true;
  }
}
