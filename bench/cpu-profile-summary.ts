/**
 * `npx ts-node --transpile-only bench/cpu-profile-summary.ts <file.cpuprofile>… [--top N]
 * [--skip-s S]`: where
 * a server's CPU went, from V8 profiles written by `node --cpu-prof` (e.g. a benchmark run with
 * BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof").
 *
 * Self time (the samples where a function itself was running) is summed by area: a package under
 * node_modules, a directory of our own code (src/…), Node's internals by module, garbage
 * collection, and V8's "(program)" (native work outside JavaScript: parsing HTTP, writing
 * sockets, compiling). Also the inclusive time of each area (samples with the area anywhere on the
 * stack: what it costs with what it calls), and the top functions by self time. Idle time is left
 * out of the percentages. `--skip-s`: leave out the first S seconds of each profile (start-up:
 * module loading, migrations).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The area a function belongs to, from its script URL. */
export function areaOf(functionName: string, url: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) {
    // The last node_modules in the path: the package that runs.
    const all = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
    return all[all.length - 1][1];
  }
  const own = /\/(src\/(?:[^/]+\/)?[^/]+)\/[^/]+\.js$/.exec(url) ?? /\/(src)\/[^/]+\.js$/.exec(url);
  if (own) return own[1];
  const internal = /^node:(?:internal\/)?([^/]+)/.exec(url);
  if (internal) return `node:${internal[1]}`;
  return url;
}

function summarise(files: string[], top: number, skipUs: number): string {
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parents = new Map<number, number>();
    for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
    let at = 0;
    profile.samples.forEach((id, i) => {
      const node = nodes.get(id)!;
      const us = profile.timeDeltas[i] ?? 0;
      at += us;
      if (at < skipUs) return;
      const { functionName, url, lineNumber } = node.callFrame;
      if (functionName === '(idle)') {
        idle += us;
        return;
      }
      total += us;
      const area = areaOf(functionName, url);
      byArea.set(area, (byArea.get(area) ?? 0) + us);
      const name = `${functionName || '(anonymous)'} ${url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : ''}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + us);
      const onStack = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
        const frame = nodes.get(at)!.callFrame;
        onStack.add(areaOf(frame.functionName, frame.url));
      }
      for (const a of onStack) inclusive.set(a, (inclusive.get(a) ?? 0) + us);
    });
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  const rows = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `${pct(us)}  ${name}`);
  return [
    `busy ${(total / 1e6).toFixed(1)} s, idle ${(idle / 1e6).toFixed(1)} s (${files.length} profile(s))`,
    '',
    'self time by area:',
    ...rows(byArea),
    '',
    'inclusive time by area (on the stack):',
    ...rows(inclusive),
    '',
    'self time by function:',
    ...rows(byFunction),
  ].join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
  const skipAt = args.indexOf('--skip-s');
  const skip = skipAt >= 0 ? Number(args.splice(skipAt, 2)[1]) : 0;
  process.stdout.write(`${summarise(args, top, skip * 1e6)}\n`);
}
