import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The layering of eslint.config.js (ALLOWED), as ESLint enforces it: wrong imports fail lint. */
const eslint = new ESLint();

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('import layering (docs/architecture.md)', () => {
  it.each([
    [
      'src-renderer/components/Bad.ts',
      "import { Client } from 'ssh2';\nexport const c = Client;\n",
    ],
    [
      'src-renderer/stores/bad.ts',
      "import { HostConnection } from '../../src-main/hosts/host-connection';\nexport const h = HostConnection;\n",
    ],
    [
      'src-renderer/stores/bad2.ts',
      "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
    ],
    [
      'src-main/xen/bad.ts',
      "import type { SimHostSnapshot } from '../sim/snapshot';\nexport type S = SimHostSnapshot;\n",
    ],
    ['src-main/common/bad.ts', "import { join } from 'node:path';\nexport const j = join;\n"],
    ['src-main/hosts/bad.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    [
      'src-main/session/bad.ts',
      "import { HostConnection } from '../hosts/host-connection';\nexport const h = HostConnection;\n",
    ],
    [
      'src-main/cli/bad.ts',
      "import { registerIpc } from '../electron/ipc';\nexport const r = registerIpc;\n",
    ],
    [
      'src-main/hosts/bad-sim.ts',
      "import { createDemoShell } from '../sim/demo';\nexport const d = createDemoShell;\n",
    ],
    [
      'src-main/api/bad-sim.ts',
      "import { createDemoShell } from '../sim/demo';\nexport const d = createDemoShell;\n",
    ],
    [
      'src-main/api/app.ts',
      "import { SimHost } from '../sim/engine';\nexport const s = SimHost;\n",
    ],
    [
      'src-main/electron/main.ts',
      "import { startWebServer } from '../web/server';\nexport const w = startWebServer;\n",
    ],
    [
      'src-main/electron/ipc.ts',
      "import { metricsTransport } from '../web/metrics-transport';\nexport const m = metricsTransport;\n",
    ],
    [
      'src-main/metrics/bad.ts',
      "import { SimHost } from '../sim/engine';\nexport const s = SimHost;\n",
    ],
    [
      'src-main/hosts/controls/bad.ts',
      "import { SimHost } from '../../sim/engine';\nexport const s = SimHost;\n",
    ],
    ['src-main/common/vslicer/bad.ts', "import { x } from '../../hosts/x';\nexport const y = x;\n"],
  ])('%s: a forbidden import fails lint', async (file, code) => {
    expect(await importErrors(file, code)).not.toEqual([]);
  });

  it.each([
    // common/metrics, a folder of common, is not the metrics room.
    [
      'src-main/common/vslicer/good.ts',
      "import { placements } from '../metrics/fair-share';\nexport const p = placements;\n",
    ],
    [
      'src-renderer/stores/good.ts',
      "import type { HostSample } from '@common/model';\nexport type S = HostSample;\n",
    ],
    [
      'src-main/hosts/good.ts',
      "import type { HostShell } from '../common/host-shell';\nexport type H = HostShell;\n",
    ],
    [
      'src-main/api/good.ts',
      "import { SeriesStore } from '../session/series-store';\nexport const s = SeriesStore;\n",
    ],
    ['src-main/electron/good.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    [
      'src-main/api/app.ts',
      "import { createDemoShell } from '../sim/demo';\nexport const d = createDemoShell;\n",
    ],
    [
      'src-main/electron/main.ts',
      "import { metricsTransport } from '../web/metrics-transport';\nexport const m = metricsTransport;\n",
    ],
    [
      'src-main/hosts/good-theory.ts',
      "import { plan } from '../common/vslicer/planner';\nexport const p = plan;\n",
    ],
  ])('%s: an allowed import passes', async (file, code) => {
    expect(await importErrors(file, code)).toEqual([]);
  });
});

describe('layering reaches every file', () => {
  it('no source file sits deeper below its room than the rule covers (4 folders)', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync('src-main', { recursive: true, encoding: 'utf8' });
    const deep = files.filter((f) => f.endsWith('.ts') && f.split('/').length - 2 > 4);
    expect(deep).toEqual([]);
  });
});
