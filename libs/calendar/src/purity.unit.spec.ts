/** The calendar is pure (docs/contributing.md): no framework or I/O imports, no clock, no environment. */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

const FORBIDDEN: Array<[string, RegExp]> = [
  ['framework or I/O import', /from '(@nestjs\/|typeorm|pg|bullmq|ioredis|fs|child_process)/],
  ['Date.now()', /Date\.now\(/],
  ['new Date() without argument', /new Date\(\s*\)/],
  ['process.env', /process\.env/],
  ['local-time accessor', /\.(getFullYear|getMonth|getDate|getDay|getHours|setHours|setDate|getTimezoneOffset)\(/],
];

describe('purity of @dondoc/calendar', () => {
  it.each(sourceFiles(__dirname).map((path) => [relative(__dirname, path), path]))('%s uses no clock, environment, local time or I/O', (_name, path) => {
    const text = readFileSync(path, 'utf8');
    const found = FORBIDDEN.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);
    expect(found).toEqual([]);
  });
});
