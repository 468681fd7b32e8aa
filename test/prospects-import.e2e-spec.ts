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

    it("reads the company's headquarters and revenue, and search finds them", async () => {
      const path = file(
        'name,email,title,city,country,company_city,company_region,company_country,annual_revenue\n' +
          'Hq Remote,hq.remote@hq.test,CFO,Lisbon,Portugal,Chicago,Illinois,United States,"$12,500,000"\n' +
          'Hq Local,hq.local@hq.test,CFO,Chicago,United States,Chicago,Illinois,United States,2.5B\n' +
          'Hq Unknown,hq.unknown@hq.test,CFO,Chicago,United States,,,,about a million\n',
      );
      const summary = await importFile(path);
      expect(summary).toMatchObject({ rows: 3, inserted: 3, rejected: 0 });
      expect(summary.warnings).toEqual([
        {
          line: 4,
          field: 'annual_revenue',
          reason:
            'annual_revenue is not an amount of dollars (such as 1200000, $1,200,000 or 1.2M): "about a million"',
        },
      ]);
      const [local, remote, unknown] = await stored(`email LIKE '%@hq.test'`);
      expect(remote).toMatchObject({ company_city: 'Chicago', annual_revenue: '12500000' });
      expect(local).toMatchObject({
        company_country: 'United States',
        annual_revenue: '2500000000',
      });
      expect(unknown).toMatchObject({ company_city: null, annual_revenue: null });
      const names = async (body: object) =>
        (
          await t.http().post('/v1/prospects/search').set(ws.auth).send(body).expect(200)
        ).body.data.prospects.map((p: { name: string }) => p.name);
      expect(await names({ titles: 'CFO', company_location: 'Illinois' })).toEqual([
        'Hq Remote',
        'Hq Local',
      ]);
      expect(
        await names({ titles: 'CFO', company_location: 'Chicago', revenue: '10M-50M' }),
      ).toEqual(['Hq Remote']);
      expect(
        await names({ query: { person_titles: ['CFO'], organization_revenue_ranges: ['1B-10B'] } }),
      ).toEqual(['Hq Local']);
    });

    it('rejects rows without a name or identity, and keeps rows with values it cannot read, warning', async () => {
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
      expect(summary).toMatchObject({ rows: 10, inserted: 6, updated: 0, rejected: 4, warned: 3 });
      expect(summary.rejections).toEqual([
        { line: 3, reason: 'invalid email "bob@"' },
        { line: 4, reason: 'no name (give name, or first_name and last_name)' },
        { line: 5, reason: 'no email or linkedin_url (one is needed to recognise the person)' },
        { line: 6, reason: 'invalid linkedin_url "https://example.com/in/bad"' },
      ]);
      expect(summary.warnings).toEqual([
        {
          line: 7,
          field: 'employee_count',
          reason: 'employee_count is not a whole number: "lots"',
        },
        {
          line: 8,
          field: 'seniority',
          reason: expect.stringMatching(/^unknown seniority "boss"/),
        },
        { line: 11, field: 'company_domain', reason: 'invalid company_domain "nope"' },
      ]);
      const [count] = await stored(`email = 'bad.count@example.test'`);
      expect(count).toMatchObject({ name: 'Bad Count', employee_count: null });
      const [domain] = await stored(`email = 'bad.domain@example.test'`);
      expect(domain).toMatchObject({ name: 'Bad Domain', company_domain: null });
      const [multi] = await stored(`email = 'multi.line@example.test'`);
      expect(multi.title).toBe('Head of\nLegal');
      const [two] = await stored(`name = 'Ok Two'`);
      expect(two.linkedin_url).toBe('https://linkedin.com/in/ok-two');
    });

    it('keeps every imported prospect a valid item for save as it is', async () => {
      const path = file(
        'name,email,title,company_name\n' +
          `${'N'.repeat(200)},longest.name@limits.test,Chief ${'x'.repeat(294)},Limitsco\n` +
          `Too Long Title,long.title@limits.test,${'t'.repeat(301)},Limitsco\n` +
          `${'n'.repeat(201)},too.long.name@limits.test,CFO,Limitsco\n`,
      );
      expect(await importFile(path)).toMatchObject({ rows: 3, inserted: 2, rejected: 1 });
      const writer = await t.createWorkspace();
      const found = await t
        .http()
        .post('/v1/prospects/search')
        .set(writer.auth)
        .send({ keywords: ['limitsco'] })
        .expect(200);
      expect(found.body.data.prospects).toHaveLength(2);
      const saved = await t
        .http()
        .post('/v1/prospects/save')
        .set(writer.auth)
        .send({ prospects: found.body.data.prospects })
        .expect(201);
      expect(saved.body.data.created).toBe(2);
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

  describe('a real-world file', () => {
    // The rows a new user's export has: regional subdomains, `www.`, no scheme, dots,
    // underscores, raw and percent-encoded Unicode, a legacy /pub/ URL, query strings, fragments,
    // and three values no import can read (a headcount, a company page, an email).
    const ROWS: [name: string, email: string, employees: string, linkedinUrl: string][] = [
      ['Anna Müller', '', '120', 'https://de.linkedin.com/in/anna-müller-3b2a1c'],
      ['John Smith', '', '45', 'https://www.linkedin.com/in/john.smith-4a5b6c7d/'],
      ['Old Profile', '', '', 'http://uk.linkedin.com/pub/old-profile-jones/12/345/678'],
      ['Jane Doe', '', '8', 'linkedin.com/in/jane_doe_88'],
      [
        'José Núñez',
        '',
        '300',
        'https://es.linkedin.com/in/jos%C3%A9-n%C3%BA%C3%B1ez-9f8e7d?originalSubdomain=es',
      ],
      ['Wang Wei', '', '2000', 'https://www.linkedin.com/in/王伟-1a2b3c#experience'],
      ['Mary Obrien', '', '', 'HTTPS://WWW.LINKEDIN.COM/in/Mary-OBrien/?trk=public_profile'],
      ['Lars Ødegaard', 'lars@realworld.test', 'about 50', 'no.linkedin.com/in/lars-%C3%B8degaard'],
      ['Eve Adams', 'eve@realworld.test', '12', 'https://www.linkedin.com/company/realworld'],
      ['Sam Lee', 'sam.lee@realworld', '60', '//m.linkedin.com/in/sam-lee-55'],
    ];
    const CANONICAL: Record<string, string | null> = {
      'Anna Müller': 'https://linkedin.com/in/anna-m%C3%BCller-3b2a1c',
      'John Smith': 'https://linkedin.com/in/john.smith-4a5b6c7d',
      'Old Profile': 'https://linkedin.com/in/old-profile-jones-67834512',
      'Jane Doe': 'https://linkedin.com/in/jane_doe_88',
      'José Núñez': 'https://linkedin.com/in/jos%C3%A9-n%C3%BA%C3%B1ez-9f8e7d',
      'Wang Wei': 'https://linkedin.com/in/%E7%8E%8B%E4%BC%9F-1a2b3c',
      'Mary Obrien': 'https://linkedin.com/in/mary-obrien',
      'Lars Ødegaard': 'https://linkedin.com/in/lars-%C3%B8degaard',
      'Eve Adams': null,
      'Sam Lee': 'https://linkedin.com/in/sam-lee-55',
    };
    const csvFile = () =>
      file(
        [
          'name,email,title,company_name,industry,employee_count,city,country,linkedin_url',
          ...ROWS.map(([name, email, employees, url]) =>
            [
              name,
              email,
              'Sales Lead',
              'Realworld Co',
              'Realworld Testing',
              `"${employees}"`,
              'Oslo',
              'Norway',
              url,
            ].join(','),
          ),
        ].join('\n'),
      );
    type Prospect = { name: string; linkedin_url: string | null } & Record<string, unknown>;
    type Contact = { id: string; full_name: string; linkedin_url: string | null };

    it('imports all 10 rows, warns about the 3 values it cannot read, and save keeps each LinkedIn identity', async () => {
      const res = await runCli(['prospects:import', csvFile(), '--json'], {
        DATABASE_URL: t.databaseUrl,
      });
      expect(res.code).toBe(0);
      expect(JSON.parse(res.stdout)).toMatchObject({
        rows: 10,
        inserted: 10,
        rejected: 0,
        rejected_rows: [],
        warned: 3,
        warnings: [
          {
            line: 9,
            field: 'employee_count',
            reason: 'employee_count is not a whole number: "about 50"',
          },
          {
            line: 10,
            field: 'linkedin_url',
            reason: 'invalid linkedin_url "https://www.linkedin.com/company/realworld"',
          },
          { line: 11, field: 'email', reason: 'invalid email "sam.lee@realworld"' },
        ],
      });

      const writer = await t.createWorkspace();
      const found = await t
        .http()
        .post('/v1/prospects/search')
        .set(writer.auth)
        .send({ industry: ['Realworld Testing'], per_page: 100 })
        .expect(200);
      const prospects = found.body.data.prospects as Prospect[];
      expect(Object.fromEntries(prospects.map((p) => [p.name, p.linkedin_url]))).toEqual(CANONICAL);

      // The search results, saved as they are: each contact keeps its prospect's LinkedIn URL.
      const save = (items: Record<string, unknown>[]) =>
        t.http().post('/v1/prospects/save').set(writer.auth).send({ prospects: items }).expect(201);
      const first = await save(prospects);
      expect(first.body.data).toMatchObject({ created: 10, skipped: 0 });
      const contacts = first.body.data.contacts as Contact[];
      expect(Object.fromEntries(contacts.map((c) => [c.full_name, c.linkedin_url]))).toEqual(
        CANONICAL,
      );

      // Saved again, nothing new; saved in the file's own spellings (LinkedIn URL only), each is
      // recognised as the contact made from its prospect.
      expect((await save(prospects)).body.data).toMatchObject({ created: 0, skipped: 10 });
      const withUrl = ROWS.filter(([name]) => CANONICAL[name] !== null);
      const raw = await save(withUrl.map(([name, , , url]) => ({ name, linkedin_url: url })));
      expect(raw.body.data).toMatchObject({ created: 0, skipped: withUrl.length });
      const idByName = new Map(contacts.map((c) => [c.full_name, c.id]));
      expect(
        (raw.body.data.duplicates as { index: number; existing_contact_id: string }[]).map(
          (d) => d.existing_contact_id,
        ),
      ).toEqual(withUrl.map(([name]) => idByName.get(name)));
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
      expect(summary).toMatchObject({ format: 'jsonl', rows: 5, inserted: 3, rejected: 2 });
      expect(summary.rejections).toEqual([
        { line: 3, reason: 'not valid JSON' },
        { line: 4, reason: 'not a JSON object' },
      ]);
      expect(summary.warnings).toEqual([{ line: 6, field: 'title', reason: 'title must be text' }]);
      const [three] = await stored(`name = 'Json Three'`);
      expect(three.title).toBeNull();
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

    it('prints a summary with each rejected row and each warning, without a progress bar when not on a terminal', async () => {
      const path = file(
        'name,email,employee_count\nHuman Person,human@example.test,\nBad Person,bad@,\n' +
          'Count Person,count@example.test,lots\n',
      );
      const res = await runCli(['prospects:import', path], env());
      expect(res.code).toBe(0);
      expect(res.stdout).toContain('2 inserted, 0 updated, 1 rejected, 1 warning');
      expect(res.stdout).toContain('line 3: invalid email "bad@"');
      expect(res.stdout).toContain('Warnings (row imported, value left empty):');
      expect(res.stdout).toContain('line 4: employee_count is not a whole number: "lots"');
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
