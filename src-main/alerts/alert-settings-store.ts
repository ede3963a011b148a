import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  AlertKindSchema,
  AlertOverrideSchema,
  AlertRuleSettingsSchema,
  defaultAlertSettings,
  type AlertSettings,
} from '../common/alerts';

const FILE = 'alerts.json';
const FileSchema = z.object({
  version: z.literal(1),
  defaults: z.record(z.string(), z.unknown()).optional(),
  overrides: z.array(z.unknown()),
});

export interface LoadedAlertSettings {
  settings: AlertSettings;
  /** Entries that did not validate, each with why: reported, never silently dropped. */
  problems: string[];
}

/**
 * The operator's alert settings on disk (`alerts.json` in the data directory, beside
 * `hosts.json`), versioned and written atomically (temp file + rename), 0600 like every file the
 * app writes. A default left out of the file is the built-in one, so new rules reach old files.
 */
export class AlertSettingsStore {
  constructor(private readonly dataDir: string) {}

  async load(): Promise<LoadedAlertSettings> {
    const settings = defaultAlertSettings();
    let text: string;
    try {
      text = await readFile(join(this.dataDir, FILE), 'utf8');
    } catch {
      return { settings, problems: [] };
    }
    let file: z.infer<typeof FileSchema>;
    try {
      file = FileSchema.parse(JSON.parse(text));
    } catch (error) {
      const why = (error as Error).message.slice(0, 200);
      return { settings, problems: [`${FILE} is unreadable (${why}); the defaults apply.`] };
    }
    const problems: string[] = [];
    for (const [kind, raw] of Object.entries(file.defaults ?? {})) {
      const k = AlertKindSchema.safeParse(kind);
      const rule = AlertRuleSettingsSchema.safeParse(raw);
      if (k.success && rule.success) settings.defaults[k.data] = rule.data;
      else problems.push(`${FILE}: default for ${JSON.stringify(kind).slice(0, 80)} skipped`);
    }
    file.overrides.forEach((raw, i) => {
      const parsed = AlertOverrideSchema.safeParse(raw);
      if (parsed.success) settings.overrides.push(parsed.data);
      else problems.push(`${FILE} override ${i + 1} skipped: ${z.prettifyError(parsed.error)}`);
    });
    return { settings, problems };
  }

  async save(settings: AlertSettings): Promise<void> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    const tmp = join(this.dataDir, `.${FILE}.${randomBytes(4).toString('hex')}.tmp`);
    const body = { version: 1, defaults: settings.defaults, overrides: settings.overrides };
    await writeFile(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, join(this.dataDir, FILE));
  }
}
