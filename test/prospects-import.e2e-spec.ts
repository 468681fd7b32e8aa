import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProspectImportService } from '../src/modules/prospects/import/prospect-import.service';
import { CliResult, runCli, runProcess } from './helpers/run-cli';
import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

const HEADER =
  'first_name,last_name,name,email,title,seniority,department,company_name,company_domain,' +
  'industry,employee_count,city,region,country,linkedin_url';

describe('Prospect import (e2e)', () => {
  let t: TestApp;
  let ws: TestWorkspace;
  let dir: string;
  let fileCounter = 0;

  const file = (content: string, extension = 'csv'): string => {
    const path = join(dir, `import-${++fileCounter}.${extension}`);
    writeFileSync(path, content);
    return path;
  };
  const importFile = (path: string) => t.app.get(ProspectImportService).importFile(path);
  const stored = (where: string, params: unknown[] = []) =>
    t.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM prospects WHERE ${where} ORDER BY name`,
      params,
    );

  beforeAll(async () => {
    t = await startTestApp();
    ws = await t.createWorkspace({ scopes: ['read'] });
    dir = mkdtempSync(join(tmpdir(), 'prospect-import-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  describe('CSV', () => {
    it('reads any subset of columns in any order, with BOM, CRLF, blank lines and quoted commas', async () => {
      const path = file(
        '\ufeffEmail,Name,Company_Name,favourite_colour,Title,Employee_Count,City,Country\r\n' +
          '\r\n' +
          'ada@lovelace.test,Ada Lovelace,"Lovelace, Babbage & Co",green,CEO & Founder,"1,200",London,United Kingdom\r\n' +
          '   \r\n' +
          'grace@hopper.test,Grace Hopper,"Navy ""Labs""",blue,Rear Admiral,12,Arlington,United States\r\n',
      );
      const summary = await importFile(path);
      expect(summary).toMatchObject({
        format: 'csv',
        rows: 2,
        inserted: 2,
        updated: 0,
        rejected: 0,
        rejections: [],
      });
      const [ada, grace] = await stored(`email LIKE '%.test' AND company_name IS NOT NULL`);
      expect(ada).toMatchObject({
        name: 'Ada Lovelace',
        company_name: 'Lovelace, Babbage & Co',
        title: 'CEO & Founder',
        seniority: 'founder', // inferred from the title
        employee_count: 1200,
        country: 'United Kingdom',
      });
      expect(grace).toMatchObject({ company_name: 'Navy "Labs"', employee_count: 12 });
      const found = await t
        .http()
        .post('/v1/prospects/search')
        .set(ws.auth)
        .send({ titles: ['CEO'], location: 'London' })
        .expect(200);
      expect(found.body.data.prospects.map((p: { name: string }) => p.name)).toEqual([
        'Ada Lovelace',
      ]);
    });

    it('rejects bad rows with their line number and reason, and imports the rest', async () => {
      const path = file(
        [
          HEADER,
          'Ok,One,,ok.one@example.test,,,,,,,,,,,',
          'Bad,Email,,bob@,,,,,,,,,,,',
          ',,,no.name@example.test,,,,,,,,,,,',
          'No,Contact,,,,,,,,,,,,,',
          'Bad,Link,,,,,,,,,,,,,https://example.com/in/bad',
          'Bad,Count,,bad.count@example.test,,,,,,,lots,,,,',
          'Bad,Seniority,,bad.seniority@example.test,,boss,,,,,,,,,',
          'Multi,Line,,multi.line@example.test,"Head of',
          'Legal",,,,,,,,,,',
          'Bad,Domain,,bad.domain@example.test,,,,,nope,,,,,,',
          'Ok,Two,,,,,,,,,,,,,linkedin.com/in/ok-two',
        ].join('\n'),
      );
      const summary = await importFile(path);
      expect(summary).toMatchObject({ rows: 10, inserted: 3, updated: 0, rejected: 7 });
      expect(summary.rejections).toEqual([
        { line: 3, reason: 'invalid email "bob@"' },
        { line: 4, reason: 'no name (give name, or first_name and last_name)' },
        { line: 5, reason: 'no email or linkedin_url (one is needed to recognise the person)' },
        { line: 6, reason: 'invalid linkedin_url "https://example.com/in/bad"' },
        { line: 7, reason: 'employee_count is not a whole number: "lots"' },
        { line: 8, reason: expect.stringMatching(/^unknown seniority "boss"/) },
        { line: 11, reason: 'invalid company_domain "nope"' },
      ]);
      const [multi] = await stored(`email = 'multi.line@example.test'`);
      expect(multi.title).toBe('Head of\nLegal');
      const [two] = await stored(`name = 'Ok Two'`);
      expect(two.linkedin_url).toBe('https://linkedin.com/in/ok-two');
    });

    it('reports a malformed row and goes on', async () => {
      const path = file(`name,email\nFine One,fine.one@example.test\nBroken,"x"y@example.test\n`);
      const summary = await importFile(path);
      expect(summary.inserted).toBe(1);
      expect(summary.rejections).toEqual([
        { line: 3, reason: expect.stringMatching(/^malformed CSV: /) },
      ]);
    });

    it('refuses a header that names none of the columns', async () => {
      await expect(importFile(file('foo,bar\n1,2\n'))).rejects.toThrow(
        /the header row names none of the prospect columns/,
      );
    });
  });

  describe('identity', () => {
    it('collapses the same person twice in one file (later values win) and updates on re-import', async () => {
      const content = [
        'name,email,title,linkedin_url,city',
        'Dup Person,dup@example.test,Analyst,https://linkedin.com/in/dup-person,Oslo',
        'Dup Person,dup@example.test,Senior Analyst,HTTPS://linkedin.com/in/Dup-Person/,',
        'Solo Person,solo@example.test,Engineer,,Bergen',
      ].join('\n');
      const first = await importFile(file(content));
      expect(first).toMatchObject({ rows: 3, inserted: 2, updated: 1, rejected: 0 });
      const [dup] = await stored(`name = 'Dup Person'`);
      expect(dup).toMatchObject({ title: 'Senior Analyst', city: 'Oslo' }); // an empty value never erases

      const again = await importFile(file(content.replace('Engineer', 'Staff Engineer')));
      expect(again).toMatchObject({ inserted: 0, updated: 3 });
      expect(await stored(`email IN ('dup@example.test', 'solo@example.test')`)).toHaveLength(2);
      const [solo] = await stored(`name = 'Solo Person'`);
      expect(solo.title).toBe('Staff Engineer');
      expect(solo.updated_at).not.toEqual(solo.created_at);
    });

    it('recognises a known email when a LinkedIn URL turns up later, and the reverse', async () => {
      await importFile(file('name,email\nMail First,mail.first@example.test\n'));
      const later = await importFile(
        file(
          'name,email,linkedin_url\nMail First,MAIL.FIRST@example.test,linkedin.com/in/mail-first\n',
        ),
      );
      expect(later).toMatchObject({ inserted: 0, updated: 1 });
      const back = await importFile(
        file('name,email,title\nMail First,mail.first@example.test,CTO\n'),
      );
      expect(back).toMatchObject({ inserted: 0, updated: 1 });
      const rows = await stored(`email = 'mail.first@example.test'`);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        linkedin_url: 'https://linkedin.com/in/mail-first',
        title: 'CTO',
      });
    });

    it('keeps two LinkedIn profiles apart even when they share an email', async () => {
      const summary = await importFile(
        file(
          'name,email,linkedin_url\n' +
            'Shared One,shared@example.test,linkedin.com/in/shared-one\n' +
            'Shared Two,shared@example.test,linkedin.com/in/shared-two\n',
        ),
      );
      expect(summary).toMatchObject({ inserted: 2, updated: 0 });
    });
  });

  describe('JSON Lines', () => {
    it('reads objects line by line, rejecting lines that are not one', async () => {
      const path = file(
        [
          JSON.stringify({
            name: 'Json One',
            email: 'json.one@example.test',
            employee_count: 42,
            title: 'VP Sales',
          }),
          '',
          '{"name": "Broken", ',
          '[1, 2]',
          JSON.stringify({
            Name: 'Json Two',
            LinkedIn_URL: 'https://linkedin.com/in/json-two',
            extra: { a: 1 },
          }),
          JSON.stringify({
            name: 'Json Three',
            email: 'json.three@example.test',
            title: ['not', 'text'],
          }),
        ].join('\n'),
        'jsonl',
      );
      const summary = await importFile(path);
      expect(summary).toMatchObject({ format: 'jsonl', rows: 5, inserted: 2, rejected: 3 });
      expect(summary.rejections).toEqual([
        { line: 3, reason: 'not valid JSON' },
        { line: 4, reason: 'not a JSON object' },
        { line: 6, reason: 'title must be text' },
      ]);
      const [one] = await stored(`name = 'Json One'`);
      expect(one).toMatchObject({ employee_count: 42, seniority: 'vp' });
    });
  });

  describe('CLI', () => {
    const env = () => ({ DATABASE_URL: t.databaseUrl });

    it('prints one JSON summary line with --json', async () => {
      const path = file('name,email\nCli Person,cli.person@example.test\nNo Email,\n');
      const res = await runCli(['prospects:import', path, '--json'], env());
      expect(res.code).toBe(0);
      expect(res.stdout.trim().split('\n')).toHaveLength(1);
      expect(JSON.parse(res.stdout)).toMatchObject({
        file: path,
        rows: 2,
        inserted: 1,
        updated: 0,
        rejected: 1,
        rejected_rows: [{ line: 3, reason: expect.stringMatching(/^no email/) }],
      });
    });

    it('prints a summary with each rejected row, without a progress bar when not on a terminal', async () => {
      const path = file('name,email\nHuman Person,human@example.test\nBad Person,bad@\n');
      const res = await runCli(['prospects:import', path], env());
      expect(res.code).toBe(0);
      expect(res.stdout).toContain('1 inserted, 0 updated, 1 rejected');
      expect(res.stdout).toContain('line 3: invalid email "bad@"');
      expect(res.stdout).not.toContain('%');
    });

    it('fails with one line and a non-zero exit for a missing or unreadable file', async () => {
      const missing = await runCli(['prospects:import', join(dir, 'nope.csv')], env());
      expect(missing.code).not.toBe(0);
      expect(missing.stderr.trim()).toBe(
        `error: cannot read ${join(dir, 'nope.csv')}: no such file`,
      );
      const directory = await runCli(['prospects:import', dir], env());
      expect(directory.code).not.toBe(0);
      expect(directory.stderr.trim().split('\n')).toHaveLength(1);
    });

    it('seeds deterministic prospects, never twice', async () => {
      const first = await runCli(
        ['prospects:seed', '--count', '300', '--seed', '7', '--json'],
        env(),
      );
      expect(first.code).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({
        seed: '7',
        requested: 300,
        inserted: 300,
        skipped: 0,
      });
      const again = await runCli(
        ['prospects:seed', '--count', '400', '--seed', '7', '--json'],
        env(),
      );
      expect(JSON.parse(again.stdout)).toMatchObject({ inserted: 100, skipped: 300 });
      const bad = await runCli(['prospects:seed', '--count', 'many'], env());
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('--count must be a whole number');
    });

    it('imports 10,000 rows in well under 300 MB of memory', async () => {
      const rows = Array.from(
        { length: 10_000 },
        (_, i) =>
          `Bulk ${i},Person,bulk.${i}@bulk.test,Engineer ${i % 7},Bulk Co,bulk.test,Computer Software,${i % 500},Oslo,Norway`,
      );
      const path = file(
        [
          'first_name,last_name,email,title,company_name,company_domain,industry,employee_count,city,country',
          ...rows,
        ].join('\n'),
      );
      const { code, stdout, stderr } = await timed(['prospects:import', path, '--json'], env());
      expect(code).toBe(0);
      expect(JSON.parse(stdout.trim().split('\n')[0])).toMatchObject({
        rows: 10_000,
        inserted: 10_000,
      });
      const maxRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]);
      expect(maxRssKb).toBeLessThan(300 * 1024);
    });
  });
});

/** The CLI under /usr/bin/time -v, run by node directly, so the peak memory is the importer's own. */
function timed(args: string[], env: Record<string, string>): Promise<CliResult> {
  return runProcess(
    '/usr/bin/time',
    ['-v', process.execPath, '-r', 'ts-node/register/transpile-only', 'src/cli/main.ts', ...args],
    env,
  );
}
