import * as fs from 'node:fs';
import * as path from 'node:path';
import { VERSION } from '../../src/version';

test('the VERSION constant equals package.json (the provider installs as it; constructs pin it)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  expect(VERSION).toBe(pkg.version);
});
